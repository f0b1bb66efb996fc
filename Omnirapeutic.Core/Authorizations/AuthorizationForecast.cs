namespace Omnirapeutic.Core.Authorizations;

/// <summary>How many units an authorization is on pace to need by its end date, and the risk that brings.</summary>
public sealed record AuthorizationForecast(AuthorizationUsage Usage, int ProjectedUnits, AuthorizationRisk Risk, DateOnly? RunsOutOn)
{
    /// <summary>More than this share of the total left unused at the end is a risk.</summary>
    public const int UnusedRiskPercent = 25;

    /// <summary>A pace is evidence only over at least this many days of history or sessions booked ahead.</summary>
    public const int EvidenceDays = 14;

    /// <summary>Under-use is judged only once this share of the authorization's period has passed.</summary>
    public const int UnderUseAfterPercent = 25;

    /// <summary>
    /// Projects an authorization to its end date at the pace its units have been committed so far.
    /// <list type="bullet">
    /// <item>Committed units are used + scheduled. The booked period runs from the start date through the later of
    /// <paramref name="today"/> and the last scheduled session (never past the end date), at least one day.</item>
    /// <item>Pace = committed units / days in the booked period; projected units = pace × days from start to end
    /// (inclusive), rounded down.</item>
    /// <item>No risk without evidence: a booked period shorter than <see cref="EvidenceDays"/> days says nothing yet.</item>
    /// <item><see cref="AuthorizationRisk.RunsOutEarly"/> when the projection exceeds the total; <see cref="RunsOutOn"/>
    /// is then the first day the pace reaches the total.</item>
    /// <item><see cref="AuthorizationRisk.LeavesUnitsUnused"/> when the projection leaves more than
    /// <see cref="UnusedRiskPercent"/> % of the total unused (nothing committed counts as all unused), and only once
    /// <see cref="UnderUseAfterPercent"/> % of the period has passed: a new authorization is not yet behind.</item>
    /// </list>
    /// Returns null, not assessed, for a voided authorization or one that has not started or has ended by
    /// <paramref name="today"/>. The arithmetic is exact (integers), so the boundaries do not drift.
    /// </summary>
    public static AuthorizationForecast? Assess(AuthorizationUsage usage, DateOnly today)
    {
        if (usage.Status != AuthorizationStatus.Active || today < usage.StartDate || today > usage.EndDate)
        {
            return null;
        }

        var bookedThrough = usage.LastScheduledSession is { } last && last > today ? last : today;
        if (bookedThrough > usage.EndDate)
        {
            bookedThrough = usage.EndDate;
        }

        long bookedDays = bookedThrough.DayNumber - usage.StartDate.DayNumber + 1;
        long allDays = usage.EndDate.DayNumber - usage.StartDate.DayNumber + 1;
        long committed = usage.UsedUnits + usage.ScheduledUnits;
        long total = usage.TotalUnits;
        var projected = (int)(committed * allDays / bookedDays);
        if (bookedDays < EvidenceDays)
        {
            return new(usage, projected, AuthorizationRisk.None, null);
        }

        if (committed * allDays > total * bookedDays)
        {
            var daysToRunOut = (total * bookedDays + committed - 1) / committed;
            return new(usage, projected, AuthorizationRisk.RunsOutEarly, usage.StartDate.AddDays((int)daysToRunOut - 1));
        }

        long passedDays = today.DayNumber - usage.StartDate.DayNumber + 1;
        var risk = passedDays * 100 >= allDays * UnderUseAfterPercent && committed * allDays * 100 < total * bookedDays * (100 - UnusedRiskPercent)
            ? AuthorizationRisk.LeavesUnitsUnused
            : AuthorizationRisk.None;
        return new(usage, projected, risk, null);
    }
}
