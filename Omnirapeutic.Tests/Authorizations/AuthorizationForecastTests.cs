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
        var forecast = AuthorizationForecast.Assess(Usage(used: 15, scheduled: 5), Day(10));

        Assert.NotNull(forecast);
        Assert.Equal(AuthorizationRisk.RunsOutEarly, forecast.Risk);
        Assert.Equal(200, forecast.ProjectedUnits);
        Assert.Equal(Day(50), forecast.RunsOutOn);
    }

    [Fact]
    public void Assess_WhenThePaceLeavesMoreThanAQuarterUnused_LeavesUnitsUnused()
    {
        var forecast = AuthorizationForecast.Assess(Usage(used: 14), Day(20));

        Assert.Equal((AuthorizationRisk.LeavesUnitsUnused, 70, (DateOnly?)null), (forecast!.Risk, forecast.ProjectedUnits, forecast.RunsOutOn));
    }

    [Fact]
    public void Assess_WhenExactlyAQuarterWouldBeLeft_IsNotAtRisk()
    {
        var forecast = AuthorizationForecast.Assess(Usage(used: 15), Day(20));

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
        var bookedAhead = AuthorizationForecast.Assess(Usage(used: 10, scheduled: 40, lastSession: Day(50)), Day(10));
        var sameUnitsBookedToday = AuthorizationForecast.Assess(Usage(used: 10, scheduled: 40, lastSession: Day(10)), Day(10));

        Assert.Equal((AuthorizationRisk.None, 100), (bookedAhead!.Risk, bookedAhead.ProjectedUnits));
        Assert.Equal(AuthorizationRisk.RunsOutEarly, sameUnitsBookedToday!.Risk);
    }

    [Fact]
    public void Assess_WithNothingCommitted_LeavesEveryUnitUnused()
    {
        var forecast = AuthorizationForecast.Assess(Usage(), Day(1));

        Assert.Equal((AuthorizationRisk.LeavesUnitsUnused, 0), (forecast!.Risk, forecast.ProjectedUnits));
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
