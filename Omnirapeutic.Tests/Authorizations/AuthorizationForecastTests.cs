using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Tests.Authorizations;

public sealed class AuthorizationForecastTests
{
    // 100 days: 2026-01-01 to 2026-04-10 inclusive.
    private static readonly DateOnly Start = new(2026, 1, 1);
    private static readonly DateOnly End = new(2026, 4, 10);

    [Fact]
    public void Assess_WhenThePaceNeedsMoreThanTheTotal_RunsOutOnTheDayThePaceReachesIt()
    {
        var forecast = AuthorizationForecast.Assess(Usage(used: 30, scheduled: 10), Day(20));

        Assert.NotNull(forecast);
        Assert.Equal(AuthorizationRisk.RunsOutEarly, forecast.Risk);
        Assert.Equal(200, forecast.ProjectedUnits);
        Assert.Equal(Day(50), forecast.RunsOutOn);
    }

    [Fact]
    public void Assess_WithLessThanTwoWeeksOfHistoryOrSessionsAhead_RaisesNoAlarm_AndSessionsAheadAreEvidence()
    {
        var early = AuthorizationForecast.Assess(Usage(used: 15, scheduled: 5), Day(13));
        var bookedAhead = AuthorizationForecast.Assess(Usage(used: 15, scheduled: 25, lastSession: Day(14)), Day(13));

        Assert.Equal((AuthorizationRisk.None, 153), (early!.Risk, early.ProjectedUnits));
        Assert.Equal((AuthorizationRisk.RunsOutEarly, Day(35)), (bookedAhead!.Risk, bookedAhead.RunsOutOn));
    }

    [Fact]
    public void Assess_WhenThePaceLeavesMoreThanAQuarterUnused_AfterAQuarterOfThePeriod_LeavesUnitsUnused()
    {
        var forecast = AuthorizationForecast.Assess(Usage(used: 21), Day(30));

        Assert.Equal((AuthorizationRisk.LeavesUnitsUnused, 70, (DateOnly?)null), (forecast!.Risk, forecast.ProjectedUnits, forecast.RunsOutOn));
    }

    [Theory]
    [InlineData(0, 24, AuthorizationRisk.None)]
    [InlineData(0, 25, AuthorizationRisk.LeavesUnitsUnused)]
    [InlineData(14, 20, AuthorizationRisk.None)]
    public void Assess_UnderUse_IsJudgedOnlyOnceAQuarterOfThePeriodHasPassed(int used, int day, AuthorizationRisk risk)
    {
        Assert.Equal(risk, AuthorizationForecast.Assess(Usage(used: used), Day(day))!.Risk);
    }

    [Fact]
    public void Assess_WhenExactlyAQuarterWouldBeLeft_IsNotAtRisk()
    {
        var forecast = AuthorizationForecast.Assess(Usage(used: 30), Day(40));

        Assert.Equal((AuthorizationRisk.None, 75), (forecast!.Risk, forecast.ProjectedUnits));
    }

    [Fact]
    public void Assess_WhenThePaceUsesExactlyTheTotal_IsNotAtRisk()
    {
        var forecast = AuthorizationForecast.Assess(Usage(used: 20), Day(20));

        Assert.Equal((AuthorizationRisk.None, 100), (forecast!.Risk, forecast.ProjectedUnits));
    }

    [Fact]
    public void Assess_WithSessionsBookedAhead_SpreadsTheCommittedUnitsUpToTheLastSession()
    {
        var bookedAhead = AuthorizationForecast.Assess(Usage(used: 10, scheduled: 40, lastSession: Day(50)), Day(20));
        var sameUnitsBookedToday = AuthorizationForecast.Assess(Usage(used: 10, scheduled: 40, lastSession: Day(20)), Day(20));

        Assert.Equal((AuthorizationRisk.None, 100), (bookedAhead!.Risk, bookedAhead.ProjectedUnits));
        Assert.Equal(AuthorizationRisk.RunsOutEarly, sameUnitsBookedToday!.Risk);
    }

    [Fact]
    public void Assess_AFreshUnusedAuthorizationLikeTheDemoData_RaisesNoAlarm()
    {
        var demo = new AuthorizationUsage(
            Guid.NewGuid(), "A-1", "Test Patient", ServiceCode.TreatmentByProtocol, Day(1), Day(181), 1000, 0, 0, AuthorizationStatus.Active, null);

        Assert.Equal((AuthorizationRisk.None, 0), (AuthorizationForecast.Assess(demo, Day(31))!.Risk, AuthorizationForecast.Assess(demo, Day(31))!.ProjectedUnits));
    }

    [Theory]
    [InlineData(AuthorizationStatus.Voided, 10)]
    [InlineData(AuthorizationStatus.Active, 0)]
    [InlineData(AuthorizationStatus.Active, 101)]
    public void Assess_WhenVoidedNotStartedOrEnded_IsNotAssessed(AuthorizationStatus status, int day)
    {
        Assert.Null(AuthorizationForecast.Assess(Usage(used: 5, status: status), Day(day)));
    }

    private static DateOnly Day(int number) => Start.AddDays(number - 1);

    private static AuthorizationUsage Usage(
        int used = 0, int scheduled = 0, DateOnly? lastSession = null, AuthorizationStatus status = AuthorizationStatus.Active) =>
        new(Guid.NewGuid(), "A-1", "Test Patient", ServiceCode.TreatmentByProtocol, Start, End, 100, used, scheduled, status, lastSession);
}
