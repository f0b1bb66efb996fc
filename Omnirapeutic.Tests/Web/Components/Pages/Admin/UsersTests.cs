using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Admin;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

public sealed class UsersTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "Strong-Password-1!";

    private DatabaseLink _link = null!;
    private CoreServices _core = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _link = DatabaseLink.Start(postgres);
        _core = await CoreServices.StartAsync(postgres, _link.Route);
        _admin = await _core.AddClinicWithAdminAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _core.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Fact]
    public async Task CreateUser_FillingInTheDialog_ShowsTheNewPractitionerInTheList()
    {
        await using var context = new BunitContext();
        var (dialogs, snackbars, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);
        var email = $"nadia-{Guid.NewGuid():N}@example.test";

        await page.PressAsync("Add user");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        await dialogs.EnterAsync("Display name", "Nadia H.");
        await dialogs.EnterAsync("Email", email);
        await dialogs.EnterAsync("Initial password", Password);
        await dialogs.EnterAsync("First name", "Nadia");
        await dialogs.EnterAsync("Last name", "Haddad");
        await dialogs.ChooseAsync("BCBA");
        await dialogs.PressAsync("Create user");

        page.WaitForAssertion(() => Assert.Contains("BCBA", Row(page, email).TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Contains("Practitioner", Row(page, email).TextContent, StringComparison.Ordinal);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), AdminPages.Wait);
        snackbars.WaitForAssertion(
            () => Assert.Contains("User created.", snackbars.Find("#mud-snackbar-container").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        var practitioner = Assert.Single(await _core.Get<PractitionerDirectory>().ListAsync(_admin.OrganizationId, Ct));
        Assert.Equal(("Nadia Haddad", Credential.BCBA), (practitioner.Name, practitioner.Credential));
    }

    [Fact]
    public async Task CreateUser_WithAWeakPassword_ShowsIdentitysErrorAndKeepsTheDialogOpen()
    {
        await using var context = new BunitContext();
        var (dialogs, snackbars, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.PressAsync("Add user");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        await dialogs.EnterAsync("Display name", "Second Admin");
        await dialogs.EnterAsync("Email", $"admin2-{Guid.NewGuid():N}@example.test");
        await dialogs.EnterAsync("Initial password", "weak");
        await dialogs.ChooseAsync("Admin");
        await dialogs.PressAsync("Create user");

        dialogs.WaitForAssertion(
            () => Assert.Contains("Passwords must be at least 12 characters.", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal),
            AdminPages.Wait);
        Assert.Contains("Passwords must be at least 12 characters.", snackbars.Markup, StringComparison.Ordinal);
        Assert.Single(await _core.Get<UserDirectory>().ListAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task Lock_AfterConfirming_ShowsTheUserLockedAndOffersUnlock()
    {
        var id = await _core.Get<UserAdministration>().CreateAsync(
            _admin, new NewUser("Rowan RBT", $"rowan-{Guid.NewGuid():N}@example.test", Password, Roles.Practitioner, "Rowan", "Fischer", Credential.RBT), Ct);
        await using var context = new BunitContext();
        var (dialogs, _, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.PressAsync("Lock Rowan RBT");
        dialogs.WaitForElement(".mud-dialog", AdminPages.Wait);
        Assert.Contains("Lock Rowan RBT?", dialogs.Markup, StringComparison.Ordinal);
        await dialogs.PressAsync("Lock");

        page.WaitForAssertion(() => Assert.Contains("Locked", Row(page, "Rowan RBT").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.NotNull(page.Button("Unlock Rowan RBT"));
        Assert.True(await IsLockedOutAsync(id));
    }

    [Fact]
    public async Task Lock_WhenTheDatabaseIsAway_KeepsTheListAndSaysNothingWasSaved()
    {
        var id = await _core.Get<UserAdministration>().CreateAsync(
            _admin, new NewUser("Rowan RBT", $"rowan-{Guid.NewGuid():N}@example.test", Password, Roles.Practitioner, "Rowan", "Fischer", Credential.RBT), Ct);
        await using var context = new BunitContext();
        var (dialogs, snackbars, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);
        await page.PressAsync("Lock Rowan RBT");
        dialogs.WaitForElement(".mud-dialog", AdminPages.Wait);
        _link.Cut();

        await dialogs.PressAsync("Lock");

        snackbars.WaitForAssertion(() => Assert.Contains(DatabaseOutage.NothingSaved, snackbars.Markup, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Contains("Active", Row(page, "Rowan RBT").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Button("Lock Rowan RBT"));
        _link.Restore();
        Assert.False(await IsLockedOutAsync(id));
    }

    [Fact]
    public async Task Render_ForTheSignedInAdmin_OffersNoLockOfThemselves()
    {
        await using var context = new BunitContext();
        AdminPages.Start(context, _core.ConnectionString, _admin);

        var page = RenderPage(context);

        Assert.Contains("First Admin", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("button"), b => b.GetAttribute("aria-label") == "Lock First Admin");
        Assert.NotNull(page.Button("Reset password of First Admin"));
    }

    [Fact]
    public async Task ResetPassword_ThroughTheDialog_RefusesAWeakOneThenSetsAStrongOne()
    {
        var id = await _core.Get<UserAdministration>().CreateAsync(
            _admin, new NewUser("Sky Moreno", $"sky-{Guid.NewGuid():N}@example.test", Password, Roles.Practitioner, "Sky", "Moreno", Credential.BCaBA), Ct);
        await using var context = new BunitContext();
        var (dialogs, snackbars, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.PressAsync("Reset password of Sky Moreno");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        await dialogs.EnterAsync("New password", "no-digits-or-capitals");
        await dialogs.PressAsync("Reset password");
        dialogs.WaitForAssertion(
            () => Assert.Contains("Passwords must have at least one digit ('0'-'9').", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal),
            AdminPages.Wait);
        await dialogs.EnterAsync("New password", "A-Much-Better-One-42");
        await dialogs.PressAsync("Reset password");

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), AdminPages.Wait);
        snackbars.WaitForAssertion(
            () => Assert.Contains("Sky Moreno's password was reset.", snackbars.Find("#mud-snackbar-container").TextContent, StringComparison.Ordinal),
            AdminPages.Wait);
        await using var scope = _core.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(id.ToString()))!, "A-Much-Better-One-42"));
    }

    private static IRenderedComponent<Users> RenderPage(BunitContext context)
    {
        var page = context.Render<Users>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")), AdminPages.Wait);
        return page;
    }

    private static IElement Row(IRenderedComponent<Users> page, string text) =>
        page.FindAll("tbody tr").Single(r => r.TextContent.Contains(text, StringComparison.Ordinal));

    private async Task<bool> IsLockedOutAsync(Guid id)
    {
        await using var scope = _core.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.IsLockedOutAsync((await users.FindByIdAsync(id.ToString()))!);
    }
}
