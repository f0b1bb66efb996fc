using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Tests.Identity;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Admin;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

public sealed class UsersTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "Strong-Password-1!";

    private CoreServices _core = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        _admin = await UserAdministrationTests.AddAdminAsync(_core);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task CreateUser_FillingInTheDialog_ShowsTheNewPractitionerInTheList()
    {
        await using var context = new BunitContext();
        var (dialogs, snackbars) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);
        var email = $"nadia-{Guid.NewGuid():N}@example.test";

        page.Button("Add user").Click();
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        dialogs.Labelled("Display name").Change("Nadia H.");
        dialogs.Labelled("Email").Change(email);
        dialogs.Labelled("Initial password").Change(Password);
        dialogs.Labelled("First name").Change("Nadia");
        dialogs.Labelled("Last name").Change("Haddad");
        Radio(dialogs, "BCBA").Click();
        dialogs.Button("Create user").Click();

        page.WaitForAssertion(() => Assert.Contains("BCBA", Row(page, email).TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Contains("Practitioner", Row(page, email).TextContent, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        snackbars.WaitForAssertion(
            () => Assert.Contains("User created.", snackbars.Find("#mud-snackbar-container").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        var practitioner = Assert.Single(await _core.Get<PractitionerDirectory>().ListAsync(_admin.OrganizationId, Ct));
        Assert.Equal(("Nadia Haddad", Credential.BCBA), (practitioner.Name, practitioner.Credential));
    }

    [Fact]
    public async Task CreateUser_WithAWeakPassword_ShowsIdentitysErrorAndKeepsTheDialogOpen()
    {
        await using var context = new BunitContext();
        var (dialogs, snackbars) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        page.Button("Add user").Click();
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        dialogs.Labelled("Display name").Change("Second Admin");
        dialogs.Labelled("Email").Change($"admin2-{Guid.NewGuid():N}@example.test");
        dialogs.Labelled("Initial password").Change("weak");
        Radio(dialogs, "Admin").Click();
        dialogs.Button("Create user").Click();

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
        var (dialogs, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        page.Button("Lock Rowan RBT").Click();
        dialogs.WaitForElement(".mud-dialog", AdminPages.Wait);
        Assert.Contains("Lock Rowan RBT?", dialogs.Markup, StringComparison.Ordinal);
        dialogs.Button("Lock").Click();

        page.WaitForAssertion(() => Assert.Contains("Locked", Row(page, "Rowan RBT").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.NotNull(page.Button("Unlock Rowan RBT"));
        Assert.True(await IsLockedOutAsync(id));
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
        var (dialogs, snackbars) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        page.Button("Reset password of Sky Moreno").Click();
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        dialogs.Labelled("New password").Change("no-digits-or-capitals");
        dialogs.Button("Reset password").Click();
        dialogs.WaitForAssertion(
            () => Assert.Contains("Passwords must have at least one digit ('0'-'9').", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal),
            AdminPages.Wait);
        dialogs.Labelled("New password").Change("A-Much-Better-One-42");
        dialogs.Button("Reset password").Click();

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

    private static IElement Radio<T>(IRenderedComponent<T> fragment, string name)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        fragment.FindAll("label.mud-radio").Single(l => l.TextContent.Trim() == name).QuerySelector("input[type=radio]")!;

    private async Task<bool> IsLockedOutAsync(Guid id)
    {
        await using var scope = _core.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.IsLockedOutAsync((await users.FindByIdAsync(id.ToString()))!);
    }
}
