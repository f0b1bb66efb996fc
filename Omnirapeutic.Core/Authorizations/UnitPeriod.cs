namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// One authorization's units on one local day, week or month, kept in the same transaction as the ledger entry that
/// moves them, with a CHECK against the period's limit. Every day that holds units has a row (a release or consume
/// cannot take more than its date holds); weeks and months have rows only where the authorization limits them.
/// </summary>
public sealed class UnitPeriod
{
    private UnitPeriod()
    {
    }

    internal UnitPeriod(Guid organizationId, Guid authorizationId, PeriodKind kind, DateOnly startsOn, int? limitUnits)
    {
        OrganizationId = organizationId;
        AuthorizationId = authorizationId;
        Kind = kind;
        StartsOn = startsOn;
        LimitUnits = limitUnits;
    }

    public Guid OrganizationId { get; private set; }

    public Guid AuthorizationId { get; private set; }

    public PeriodKind Kind { get; private set; }

    /// <summary>The day itself, the week's first day (the payer's), or the month's first day.</summary>
    public DateOnly StartsOn { get; private set; }

    public int ScheduledUnits { get; private set; }

    public int UsedUnits { get; private set; }

    /// <summary>The authorization's limit for this kind of period; null only on the days of an authorization without a daily limit.</summary>
    public int? LimitUnits { get; private set; }

    public int HeldUnits => ScheduledUnits + UsedUnits;

    /// <summary>The period a date falls in.</summary>
    public static DateOnly Start(PeriodKind kind, DateOnly date, DayOfWeek weekStartsOn) => kind switch
    {
        PeriodKind.Day => date,
        PeriodKind.Week => date.AddDays(-(((int)date.DayOfWeek - (int)weekStartsOn + 7) % 7)),
        PeriodKind.Month => new DateOnly(date.Year, date.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>How refusals and previews name a period: "2026-12-08", "week of 2026-12-06", "month of 2026-12".</summary>
    public static string Describe(PeriodKind kind, DateOnly startsOn) => kind switch
    {
        PeriodKind.Day => $"{startsOn:yyyy-MM-dd}",
        PeriodKind.Week => $"week of {startsOn:yyyy-MM-dd}",
        _ => $"month of {startsOn:yyyy-MM}",
    };

    /// <summary>Day rows added up into the periods of <paramref name="kind"/> they fall in.</summary>
    public static IEnumerable<(DateOnly StartsOn, int Scheduled, int Used)> Sum(IEnumerable<UnitPeriod> days, PeriodKind kind, DayOfWeek weekStartsOn) =>
        days.GroupBy(d => Start(kind, d.StartsOn, weekStartsOn))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(d => d.ScheduledUnits), g.Sum(d => d.UsedUnits)));

    internal void Move(int scheduled, int used)
    {
        ScheduledUnits += scheduled;
        UsedUnits += used;
    }

    internal void Limit(int? limitUnits) => LimitUnits = limitUnits;
}
