using Bunit;
using MudBlazor.Services;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Web.Components.Pages.Patients;

namespace Omnirapeutic.Tests.Web.Components.Patients;

public sealed class BalanceBarTests : BunitContext
{
    private static readonly DateOnly Today = new(2027, 1, 13);

    public BalanceBarTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_ShowsUsedScheduledAndAvailableAsNumbersAndWidths()
    {
        var cut = Render(Balance(total: 200, used: 50, scheduled: 30, ends: Today.AddDays(90)));

        Assert.Equal(("50", "30", "120"), (cut.Find("[data-testid=used-units]").TextContent, cut.Find("[data-testid=scheduled-units]").TextContent, cut.Find("[data-testid=available-units]").TextContent));
        Assert.Contains("width: 25%", cut.Find(".omni-balance-bar .omni-balance-used").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("width: 15%", cut.Find(".omni-balance-bar .omni-balance-scheduled").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("A-1: 50 used, 30 scheduled, 120 available of 200 units", cut.Find("[role=img]").GetAttribute("aria-label"));
        Assert.Empty(cut.FindAll("[data-testid^=alert-]"));
    }

    [Theory]
    [InlineData(40, 90, "alert-low")]
    [InlineData(41, 90, null)]
    [InlineData(150, 30, "alert-expiring")]
    [InlineData(150, 31, null)]
    [InlineData(150, -1, "alert-expired")]
    public void Render_RaisesTheOrganizationsAlerts(int available, int daysLeft, string? alert)
    {
        var balance = Balance(total: 200, used: 200 - available, scheduled: 0, ends: Today.AddDays(daysLeft));

        var cut = Render(balance);

        Assert.Equal(alert is null ? [] : [alert], cut.FindAll("[data-testid^=alert-]").Select(e => e.GetAttribute("data-testid")));
    }

    [Fact]
    public void Render_AVoidedAuthorization_RaisesNoAlerts()
    {
        var cut = Render(Balance(total: 200, used: 200, scheduled: 0, ends: Today.AddDays(3)) with { Status = AuthorizationStatus.Voided });

        Assert.Empty(cut.FindAll("[data-testid^=alert-]"));
        Assert.Contains("Voided", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuthorizationStatus.Active, null)]
    [InlineData(AuthorizationStatus.Requested, "Requested, pending authorization")]
    [InlineData(AuthorizationStatus.Denied, "Denied by the payer")]
    public void Render_AnAuthorizationNotApproved_SaysWhereItStands(AuthorizationStatus status, string? shown)
    {
        var cut = Render(Balance(total: 200, used: 0, scheduled: 8, ends: Today.AddDays(90)) with { Status = status });

        Assert.Equal(shown, cut.FindAll("[data-testid=authorization-status]").SingleOrDefault()?.TextContent);
    }

    [Fact]
    public void Render_ShowsEachLimitedPeriodAsABarOfItsLimit_AndANearlyFullOneAsAnAlert()
    {
        var balance = Balance(total: 1000, used: 0, scheduled: 180, ends: Today.AddDays(90));
        PeriodHolding[] periods = [new(PeriodKind.Day, Today, 8, 32), new(PeriodKind.Week, new DateOnly(2027, 1, 10), 150, 160)];

        var cut = Render<BalanceBar>(p => p.Add(b => b.Balance, balance).Add(b => b.Periods, periods).Add(b => b.Alerts, BalanceAlerts.For(balance, 20, 30, Today, periods)));

        Assert.Equal(["Today (2027-01-13): 8 of 32 units", "This week (week of 2027-01-10): 150 of 160 units"], cut.FindAll("[data-testid=period-bar]").Select(b => b.TextContent.Trim()));
        Assert.Contains("width: 25%", cut.Find("[data-kind=Day] .omni-balance-scheduled").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("week of 2027-01-10 nearly full", cut.Find("[data-testid=alert-period]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=alert-low]"));
    }

    [Fact]
    public void Render_ARenewedAuthorization_NamesItsPredecessorAndSuccessor()
    {
        var balance = Balance(total: 200, used: 0, scheduled: 0, ends: Today.AddDays(90));

        var cut = Render<BalanceBar>(p => p.Add(b => b.Balance, balance).Add(b => b.Predecessor, "A-0").Add(b => b.Successor, "A-2"));
        var alone = Render(balance);

        Assert.Equal(("Renews A-0", "Renewed by A-2"), (cut.Find("[data-testid=authorization-predecessor]").TextContent.Trim(), cut.Find("[data-testid=authorization-successor]").TextContent.Trim()));
        Assert.Empty(alone.FindAll("[data-testid^=authorization-predecessor], [data-testid^=authorization-successor]"));
    }

    private IRenderedComponent<BalanceBar> Render(AuthorizationBalance balance) =>
        Render<BalanceBar>(p => p.Add(b => b.Balance, balance).Add(b => b.Alerts, BalanceAlerts.For(balance, 20, 30, Today)));

    private static AuthorizationBalance Balance(int total, int used, int scheduled, DateOnly ends) =>
        new(Guid.NewGuid(), "A-1", Guid.NewGuid(), Guid.NewGuid(), "97153", Today.AddDays(-100), ends, total, used, scheduled, total - used - scheduled, UnitLimits.None, AuthorizationStatus.Active, 1);
}
