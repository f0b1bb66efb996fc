using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Patients;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Components.Patients;

public sealed class PatientPageTests(PostgresServer postgres) : BunitContext, IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private AuthorizationBalance _treatment = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _treatment = await _core.AddAuthorizationAsync(_actor, _patientId, 200);
        this.WithCore(_core.ConnectionString, _actor);
        Render<MudPopoverProvider>();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task ABalanceChange_ReachesTheRenderedPageThroughTheNotifier()
    {
        var cut = Render<PatientPage>(p => p.Add(page => page.PatientId, _patientId));
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=scheduled-units]").TextContent), AdminPages.Wait);

        var changed = await _core.Get<UnitLedger>().ReserveAsync(_actor, _treatment.Id, 12, cancellationToken: Ct);
        Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(_actor.OrganizationId, changed));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("12", cut.Find("[data-testid=scheduled-units]").TextContent);
            Assert.Equal("188", cut.Find("[data-testid=available-units]").TextContent);
        }, AdminPages.Wait);
    }

    [Fact]
    public async Task AnotherOrganizationsUpdate_IsIgnored()
    {
        var cut = Render<PatientPage>(p => p.Add(page => page.PatientId, _patientId));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=balance-bar]")), AdminPages.Wait);
        var renders = cut.RenderCount;

        Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(Guid.NewGuid(), _treatment with { ScheduledUnits = 99 }));

        Assert.Equal(renders, cut.RenderCount);
        Assert.Equal("0", cut.Find("[data-testid=scheduled-units]").TextContent);
    }

    [Fact]
    public async Task AnotherOrganizationsPatient_IsNotFound()
    {
        var (other, otherPatient) = await _core.AddClinicAsync();
        await _core.AddAuthorizationAsync(other, otherPatient, 50);

        var cut = Render<PatientPage>(p => p.Add(page => page.PatientId, otherPatient));

        cut.WaitForAssertion(() => Assert.Contains("There is no such patient in your organization.", cut.Markup, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Empty(cut.FindAll("[data-testid=balance-bar]"));
    }

    [Fact]
    public async Task ExpandingAnAuthorization_ShowsItsLedgerHistory()
    {
        await _core.Get<UnitLedger>().AdjustTotalAsync(_actor, _treatment.Id, 240, "Payer approved more", cancellationToken: Ct);
        var cut = Render<PatientPage>(p => p.Add(page => page.PatientId, _patientId));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=balance-bar]")), AdminPages.Wait);

        await cut.Find(".mud-expand-panel-header").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[aria-label='Ledger history'] tbody tr");
            Assert.Equal(2, rows.Count);
            Assert.Contains("Payer approved more", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("+40", rows[0].TextContent, StringComparison.Ordinal);
        }, AdminPages.Wait);
    }

    [Fact]
    public async Task ALimitedAuthorization_ShowsTodaysWeekAndMonthAsBars_ThatMoveWithAReserveAndWarnWhenNearlyFull()
    {
        var limited = await _core.Get<UnitLedger>().AdjustAsync(_actor, _treatment.Id, null, new UnitLimits(PerWeek: 20, PerMonth: 100), "Commercial plan", cancellationToken: Ct);
        var cut = Render<PatientPage>(p => p.Add(page => page.PatientId, _patientId));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=period-bar]").Count), AdminPages.Wait);
        Assert.Equal(["0", "0"], cut.FindAll("[data-testid=period-held]").Select(b => b.TextContent));

        var changed = await _core.Get<UnitLedger>().ReserveAsync(_actor, limited.Id, 17, cancellationToken: Ct);
        Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(_actor.OrganizationId, changed));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(["17", "17"], cut.FindAll("[data-testid=period-held]").Select(b => b.TextContent));
            Assert.StartsWith("This week (week of ", cut.Find("[data-kind=Week]").TextContent.Trim(), StringComparison.Ordinal);
            Assert.Contains("nearly full", cut.Find("[data-testid=alert-period]").TextContent, StringComparison.Ordinal);
        }, AdminPages.Wait);
    }
}
