using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Account;

/// <summary>Users an admin created, locked or gave a new password, signing in through the real form.</summary>
public sealed class AdministeredSignInTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "Admin-Chosen-Pass-7!";

    private OmnirapeuticWebApplicationFactory _app = null!;
    private Actor _admin = null!;

    private UserAdministration Users => _app.Services.GetRequiredService<UserAdministration>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _admin = await _app.ActorOfAsync("admin@orga.example");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SignIn_AsAUserAnAdminCreated_ReachesTheirOrganizationsPages()
    {
        var email = $"new-rbt-{Guid.NewGuid():N}@orga.example";
        await Users.CreateAsync(_admin, new NewUser("New RBT", email, Password, Roles.Practitioner, "New", "Technician", Credential.RBT), Ct);
        var client = _app.CreateBrowserClient();

        var signIn = await LoginForm.SubmitAsync(client, email, Password, "/patients");
        var page = await client.GetAsync("/patients", Ct);

        Assert.Equal("/patients", signIn.Headers.Location.PathOnly());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("New RBT", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AsALockedUser_IsSentToTheLockoutPageUntilUnlocked()
    {
        var email = $"locked-{Guid.NewGuid():N}@orga.example";
        var id = await Users.CreateAsync(_admin, new NewUser("Locked User", email, Password, Roles.Practitioner, "Locked", "User", Credential.BCBA), Ct);
        await Users.LockAsync(_admin, id, Ct);

        var whileLocked = await LoginForm.SubmitAsync(_app.CreateBrowserClient(), email, Password);
        await Users.UnlockAsync(_admin, id, Ct);
        var afterUnlock = await LoginForm.SubmitAsync(_app.CreateBrowserClient(), email, Password);

        Assert.Equal("/Account/Lockout", whileLocked.Headers.Location.PathOnly());
        Assert.Equal(HttpStatusCode.Redirect, afterUnlock.StatusCode);
        Assert.NotEqual("/Account/Lockout", afterUnlock.Headers.Location.PathOnly());
        Assert.NotEqual("/Account/Login", afterUnlock.Headers.Location.PathOnly());
    }

    [Fact]
    public async Task SignIn_AfterAPasswordReset_TakesOnlyTheNewPassword()
    {
        var email = $"reset-{Guid.NewGuid():N}@orga.example";
        var id = await Users.CreateAsync(_admin, new NewUser("Reset User", email, Password, Roles.Admin), Ct);
        await Users.ResetPasswordAsync(_admin, id, "Fresh-Password-2027?", Ct);

        var withOld = await LoginForm.SubmitAsync(_app.CreateBrowserClient(), email, Password);
        var withNew = await LoginForm.SubmitAsync(_app.CreateBrowserClient(), email, "Fresh-Password-2027?");

        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Contains("Invalid email or password.", await withOld.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
        Assert.NotEqual("/Account/Lockout", withNew.Headers.Location.PathOnly());
    }
}
