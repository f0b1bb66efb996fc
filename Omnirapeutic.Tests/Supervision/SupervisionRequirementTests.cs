using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Tests.Supervision;

/// <summary>Constructed months of one RBT (20 hours of 97153 unless told otherwise) and what the BACB's rule makes of them.</summary>
public sealed class SupervisionRequirementTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly December = new(2026, 12, 1);
    private static readonly Guid Rbt = Guid.NewGuid();
    private static readonly Guid OtherRbt = Guid.NewGuid();
    private static readonly Guid Bcba = Guid.NewGuid();
    private static readonly Guid Client = Guid.NewGuid();
    private static readonly Guid OtherClient = Guid.NewGuid();

    [Theory]
    [InlineData("exactly 5 %", 60, 2, "")]
    [InlineData("just under 5 %", 59, 2, "Share")]
    [InlineData("one contact only", 60, 1, "Contacts")]
    [InlineData("a payer requiring 10 %", 60, 2, "Share")]
    [InlineData("10 % met for that payer", 120, 2, "")]
    [InlineData("a 97155 only partly over the 97153", 30, 1, "Share,Contacts")]
    [InlineData("a 97155 over another client's or another RBT's 97153", 0, 0, "Share,Contacts,Individual,Observed")]
    [InlineData("a 97153 starting before the month's first midnight in New York", 60, 2, "")]
    [InlineData("only group contacts", 60, 2, "Individual,Observed")]
    [InlineData("an individual meeting and a group one, no observation", 60, 2, "Observed")]
    [InlineData("an observation and an individual meeting", 60, 2, "")]
    public void Count_OfAConstructedMonth_GivesTheSupervisedTimeContactsAndWhatIsMissing(string month, int supervisedMinutes, int contacts, string missing)
    {
        var sessions = Month(month);
        var (from, to) = SupervisionRequirement.MonthWindow(NewYork, December);

        var figures = SupervisionRequirement.Count(Rbt, sessions, from, to, renderedOnly: true, Meetings(month));
        var share = SupervisionRequirement.SharePercent(SupervisionRequirement.Direct(Rbt, sessions, from, to));

        Assert.Equal((1200, supervisedMinutes, contacts), (figures.DirectMinutes, figures.SupervisedMinutes, figures.Contacts));
        Assert.Equal(missing, string.Join(',', SupervisionRequirement.Missing(figures, share)));
    }

    [Fact]
    public void TheForecast_CountsWhatIsScheduled_AndWhatWasCompletedDoesNot()
    {
        var sessions = Direct().Concat([Overlay(2, 10, 30, rendered: true), Overlay(3, 10, 30, rendered: false)]).ToList();
        var (from, to) = SupervisionRequirement.MonthWindow(NewYork, December);

        var completed = SupervisionRequirement.Count(Rbt, sessions, from, to, renderedOnly: true);
        var forecast = SupervisionRequirement.Count(Rbt, sessions, from, to, renderedOnly: false);

        Assert.Equal((30, 1), (completed.SupervisedMinutes, completed.Contacts));
        Assert.Equal((60, 2), (forecast.SupervisedMinutes, forecast.Contacts));
        Assert.Equal(5.0m, forecast.SharePercent);
        Assert.Equal(2.5m, completed.SharePercent);
    }

    [Theory]
    [InlineData(1200, 0, false, SupervisionStatus.OnTrack)]
    [InlineData(1200, 1, false, SupervisionStatus.AtRisk)]
    [InlineData(1200, 0, true, SupervisionStatus.Met)]
    [InlineData(1200, 1, true, SupervisionStatus.NotMet)]
    [InlineData(0, 0, false, SupervisionStatus.NoServices)]
    public void StatusOf_AMonth_IsByWhatItMissesAndWhetherItIsOver(int directMinutes, int missing, bool over, SupervisionStatus status)
    {
        var figures = new SupervisionFigures(directMinutes, 0, 0, 0, 0);

        Assert.Equal(status, SupervisionRequirement.StatusOf(figures, [.. Enumerable.Repeat(SupervisionShortfall.Share, missing)], over));
    }

    [Theory]
    [InlineData(1200, "5", 60)]
    [InlineData(1190, "5", 60)]
    [InlineData(1200, "10", 120)]
    [InlineData(0, "5", 0)]
    public void RequiredMinutes_AreTheShareOfDirectMinutes_RoundedUp(int directMinutes, string share, int required) =>
        Assert.Equal(required, SupervisionRequirement.RequiredMinutes(directMinutes, decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-12", 2026, 12)]
    [InlineData("", null, null)]
    public void ParseMonth_ReadsYearAndMonth(string text, int? year, int? month) =>
        Assert.Equal(year is null ? null : new DateOnly(year.Value, month!.Value, 1), SupervisionReport.ParseMonth(text));

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("December")]
    [InlineData("2026-12-01")]
    public void ParseMonth_OfAnythingButYyyyMm_IsRefused(string text) =>
        Assert.Equal("invalid-month", Assert.Throws<DomainException>(() => SupervisionReport.ParseMonth(text)).Code);

    /// <summary>Five 4-hour 97153 sessions of the RBT with the client, on 1-5 December from 09:00 (20 hours).</summary>
    private static IEnumerable<SupervisionSession> Direct(bool rendered = true, decimal share = 5m) =>
        Enumerable.Range(1, 5).Select(day => Session(Rbt, Client, ServiceCode.TreatmentByProtocol, At(day, 9, 0), 240, rendered, share));

    private static SupervisionSession Overlay(int day, int hour, int minutes, bool rendered = true, Guid? client = null) =>
        Session(Bcba, client ?? Client, ServiceCode.ProtocolModification, At(day, hour, 0), minutes, rendered, 5m);

    private static IReadOnlyList<SupervisionSession> Month(string name) => name switch
    {
        "exactly 5 %" => [.. Direct(), Overlay(1, 10, 30), Overlay(2, 10, 30)],
        "just under 5 %" => [.. Direct(), Overlay(1, 10, 30), Overlay(2, 10, 29)],
        "one contact only" => [.. Direct(), Overlay(1, 10, 60)],
        "a payer requiring 10 %" => [.. Direct().Take(4), .. Direct(share: 10m).Skip(4), Overlay(1, 10, 30), Overlay(2, 10, 30)],
        "10 % met for that payer" => [.. Direct().Take(4), .. Direct(share: 10m).Skip(4), Overlay(1, 10, 60), Overlay(2, 10, 60)],
        // 12:30-13:30 over the session of 09:00-13:00: half of it.
        "only group contacts" or "an individual meeting and a group one, no observation" or "an observation and an individual meeting" => [.. Direct()],
        "a 97155 only partly over the 97153" => [.. Direct(), Overlay(1, 12, 60) with { Start = At(1, 12, 30), End = At(1, 13, 30) }],
        "a 97155 over another client's or another RBT's 97153" =>
            [.. Direct(), Overlay(1, 10, 60, client: OtherClient), Session(OtherRbt, OtherClient, ServiceCode.TreatmentByProtocol, At(1, 9, 0), 240, true, 5m)],
        // 30 November 23:00 in New York is already 1 December in UTC; it is November's, with its overlay.
        "a 97153 starting before the month's first midnight in New York" =>
            [.. Direct(), Overlay(1, 10, 30), Overlay(2, 10, 30),
                Session(Rbt, Client, ServiceCode.TreatmentByProtocol, At(0, 23, 0), 60, true, 5m), Overlay(0, 23, 60)],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such constructed month."),
    };

    private static IReadOnlyList<SupervisionContact> Meetings(string name) => name switch
    {
        "only group contacts" => [Meeting(6, [Rbt, OtherRbt]), Meeting(7, [Rbt, OtherRbt])],
        "an individual meeting and a group one, no observation" => [Meeting(6, [Rbt]), Meeting(7, [Rbt, OtherRbt])],
        "an observation and an individual meeting" => [Meeting(6, [Rbt], observed: true), Meeting(7, [Rbt])],
        _ => [],
    };

    private static SupervisionContact Meeting(int day, IReadOnlyList<Guid> rbts, bool observed = false) =>
        new(Guid.NewGuid(), rbts, observed, At(day, 13, 0), At(day, 13, 30), Completed: true);

    private static SupervisionSession Session(Guid practitioner, Guid client, string code, DateTimeOffset start, int minutes, bool rendered, decimal share) =>
        new(Guid.NewGuid(), client, practitioner, code, start, start.AddMinutes(minutes), rendered, share);

    /// <summary>A local time in New York on a day of December 2026 (day 0 is 30 November).</summary>
    private static DateTimeOffset At(int day, int hour, int minute)
    {
        var local = new DateTime(2026, 11, 30, hour, minute, 0).AddDays(day);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local));
    }
}
