using Bunit;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Admin;
using PayersPage = Omnirapeutic.Web.Components.Pages.Admin.Payers;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

public sealed class PayersTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private PayerDirectory Payers => _core.Get<PayerDirectory>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        _admin = await _core.AddClinicWithAdminAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task AddPayer_FillingInTheDialog_ListsItWithItsRules()
    {
        await using var context = new BunitContext();
        var (dialogs, snackbars, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.PressAsync("Add payer");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        await dialogs.EnterAsync("Name", "TRICARE East");
        await dialogs.InvokeAsync(() => dialogs.FindAll("input[type=checkbox]")[0].Change(false));
        await dialogs.EnterAsync("Supervision share of an RBT's direct hours (%)", "10");
        await dialogs.EnterAsync("97153 Adaptive behavior treatment by protocol", "14.50");
        await dialogs.PressAsync("Save");

        snackbars.WaitForAssertion(
            () => Assert.Contains("Payer added.", snackbars.Find("#mud-snackbar-container").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        page.WaitForAssertion(() => Assert.Contains("TRICARE East", page.Markup, StringComparison.Ordinal), AdminPages.Wait);
        var added = (await Payers.ListAsync(_admin.OrganizationId, Ct)).Single(p => p.Name == "TRICARE East");
        Assert.Equal((UnitRoundingRule.Midpoint, 0, 10m, 14.50m), (added.RoundingRule, added.ConcurrentCodePairs.Count, added.SupervisionSharePercent, added.Fees["97153"]));
        Assert.Contains("None", page.FindAll("tr").Single(r => r.TextContent.Contains("TRICARE East", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditPayer_ToAnotherPayersName_ShowsTheRefusalAndChangesNothing()
    {
        await Payers.CreateAsync(_admin, CoreServices.DefaultPayer with { Name = "Plan B" }, Ct);
        await using var context = new BunitContext();
        var (dialogs, _, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.PressAsync("Edit Default payer");
        dialogs.WaitForElement(".mud-dialog label", AdminPages.Wait);
        await dialogs.EnterAsync("Name", "Plan B");
        await dialogs.PressAsync("Save");

        dialogs.WaitForAssertion(
            () => Assert.Contains("already has a payer named Plan B", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Equal(["Default payer", "Plan B"], (await Payers.ListAsync(_admin.OrganizationId, Ct)).Select(p => p.Name));
    }

    private static IRenderedComponent<PayersPage> RenderPage(BunitContext context)
    {
        var page = context.Render<PayersPage>();
        page.WaitForElement("table tbody tr td", AdminPages.Wait);
        return page;
    }
}
