using AngleSharp.Dom;
using Bunit;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Patients;

namespace Omnirapeutic.Tests.Web.Components.Pages.Patients;

public sealed class PatientListTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        _admin = await _core.AddClinicWithAdminAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task AddPatient_FillingInTheDialog_ShowsThePatientInTheList()
    {
        await using var context = new BunitContext();
        var (dialogs, _, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);
        var memberId = $"M-{Guid.NewGuid():N}"[..16];

        await page.PressAsync("Add patient");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        await FillAsync(dialogs, new PatientDetails("Avery", "Bennett", new DateOnly(2019, 4, 2), memberId));
        await dialogs.PressAsync("Add patient");

        page.WaitForAssertion(() => Assert.Contains("2019-04-02", Row(page, "Avery Bennett").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Contains(memberId, Row(page, "Avery Bennett").TextContent, StringComparison.Ordinal);
        Assert.Contains(await _core.Get<PatientDirectory>().ListAsync(_admin.OrganizationId, memberId, Ct), p => p.Name == "Avery Bennett");
    }

    [Fact]
    public async Task AddPatient_WithAMemberIdInUse_ShowsTheRefusalInTheDialog()
    {
        var taken = (await _core.Get<PatientDirectory>().ListAsync(_admin.OrganizationId, cancellationToken: Ct)).Single().MemberId;
        await using var context = new BunitContext();
        var (dialogs, snackbars, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.PressAsync("Add patient");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        await FillAsync(dialogs, new PatientDetails("Jordan", "Castillo", new DateOnly(2018, 1, 5), taken));
        await dialogs.PressAsync("Add patient");

        dialogs.WaitForAssertion(
            () => Assert.Equal(PatientRegistry.DuplicateMemberIdMessage, dialogs.Find("[role=alert]").TextContent.Trim()), AdminPages.Wait);
        Assert.Contains(PatientRegistry.DuplicateMemberIdMessage, snackbars.Find("#mud-snackbar-container").TextContent, StringComparison.Ordinal);
        Assert.Single(await _core.Get<PatientDirectory>().ListAsync(_admin.OrganizationId, cancellationToken: Ct));
    }

    [Fact]
    public async Task EditPatient_ChangingTheLastName_UpdatesTheRow()
    {
        var id = await _core.Get<PatientRegistry>().RegisterAsync(_admin, new PatientDetails("Riley", "Donovan", new DateOnly(2017, 6, 1), "EDIT-0001"), Ct);
        await using var context = new BunitContext();
        var (dialogs, _, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.PressAsync("Edit Riley Donovan");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        Assert.Equal("Riley", dialogs.Labelled("First name").GetAttribute("value"));
        Assert.Equal("2017-06-01", dialogs.Labelled("Date of birth").GetAttribute("value"));
        await dialogs.EnterAsync("Last name", "Donovan-Price");
        await dialogs.PressAsync("Save changes");

        page.WaitForAssertion(() => Assert.Contains("Riley Donovan-Price", page.Markup, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Equal("Donovan-Price", (await _core.Get<PatientDirectory>().GetAsync(_admin.OrganizationId, id, Ct)).LastName);
    }

    [Fact]
    public async Task Render_ForAPractitioner_OffersNoAddOrEdit()
    {
        await using var context = new BunitContext();
        AdminPages.Start(context, _core.ConnectionString, _admin, Roles.Practitioner);

        var page = RenderPage(context);

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Add patient" || (b.GetAttribute("aria-label") ?? string.Empty).StartsWith("Edit", StringComparison.Ordinal));
    }

    private static IRenderedComponent<PatientList> RenderPage(BunitContext context)
    {
        var page = context.Render<PatientList>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr td")), AdminPages.Wait);
        return page;
    }

    private static async Task FillAsync(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, PatientDetails details)
    {
        await dialogs.EnterAsync("First name", details.FirstName);
        await dialogs.EnterAsync("Last name", details.LastName);
        await dialogs.EnterAsync("Date of birth", details.DateOfBirth.ToString("yyyy-MM-dd"));
        await dialogs.EnterAsync("Member id", details.MemberId);
    }

    private static IElement Row(IRenderedComponent<PatientList> page, string text) =>
        page.FindAll("tbody tr").Single(r => r.TextContent.Contains(text, StringComparison.Ordinal));
}
