using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>A limited period an authorization is in today (its day, week or month): the units it holds against the limit.</summary>
public sealed record PeriodHolding(PeriodKind Kind, DateOnly StartsOn, int Held, int Limit)
{
    public string Period => UnitPeriod.Describe(Kind, StartsOn);

    /// <summary>Nearly used up: at most <paramref name="lowBalancePercent"/> % of the limit left, as the low-balance alert counts the total.</summary>
    public bool IsNearlyFull(int lowBalancePercent) => (Limit - Held) * 100L <= (long)lowBalancePercent * Limit;

    /// <summary>
    /// Today's day, week and month of every limited authorization among <paramref name="authorizations"/>, in two short
    /// queries (the organization's payers' week starts, and the period rows from the earliest of those starts to today).
    /// </summary>
    internal static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<PeriodHolding>>> TodayAsync(
        OmnirapeuticDbContext db, IEnumerable<(Guid Id, Guid PayerId, UnitLimits Limits)> authorizations, DateOnly today, CancellationToken cancellationToken)
    {
        var limited = authorizations.Where(a => !a.Limits.IsNone).ToList();
        if (limited.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<PeriodHolding>>();
        }

        var weekStarts = await db.Payers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.WeekStartsOn, cancellationToken);
        var ids = limited.Select(a => a.Id).ToList();
        var from = new[] { today.AddDays(-6), UnitPeriod.Start(PeriodKind.Month, today, DayOfWeek.Sunday) }.Min();
        var rows = await db.UnitPeriods.AsNoTracking()
            .Where(p => ids.Contains(p.AuthorizationId) && p.StartsOn >= from && p.StartsOn <= today)
            .ToDictionaryAsync(p => (p.AuthorizationId, p.Kind, p.StartsOn), p => p.ScheduledUnits + p.UsedUnits, cancellationToken);
        return limited.ToDictionary(
            a => a.Id,
            a => (IReadOnlyList<PeriodHolding>)[.. Enum.GetValues<PeriodKind>()
                .Where(kind => a.Limits.For(kind) is not null)
                .Select(kind =>
                {
                    var startsOn = UnitPeriod.Start(kind, today, weekStarts.GetValueOrDefault(a.PayerId, DayOfWeek.Sunday));
                    return new PeriodHolding(kind, startsOn, rows.GetValueOrDefault((a.Id, kind, startsOn)), a.Limits.For(kind)!.Value);
                })]);
    }
}
