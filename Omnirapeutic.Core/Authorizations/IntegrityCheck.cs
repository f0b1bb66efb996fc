using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// The seed report's overbooking query plus the ledger check: every authorization whose counters break
/// 0 &lt;= used, 0 &lt;= scheduled, used + scheduled &lt;= total, or differ from the ledger's sums.
/// </summary>
public sealed class IntegrityCheck(IDbContextFactory<OmnirapeuticDbContext> dbFactory)
{
    /// <summary>Violations in one organization, or in all of them when <paramref name="organizationId"/> is null.</summary>
    public async Task<IReadOnlyList<IntegrityViolation>> FindViolationsAsync(Guid? organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT a.id AS authorization_id, a.organization_id, a.auth_number,
                   a.total_units, a.used_units, a.scheduled_units,
                   coalesce(l.total, 0)::int AS ledger_total, coalesce(l.used, 0)::int AS ledger_used,
                   coalesce(l.scheduled, 0)::int AS ledger_scheduled
            FROM authorizations a
            LEFT JOIN (
                SELECT authorization_id,
                       sum(total_delta) AS total,
                       sum(units) FILTER (WHERE kind = 'Consume') AS used,
                       sum(CASE kind WHEN 'Reserve' THEN units WHEN 'Release' THEN -units WHEN 'Consume' THEN -units ELSE 0 END) AS scheduled
                FROM unit_ledger_entries
                GROUP BY authorization_id) l ON l.authorization_id = a.id
            WHERE ({organizationId}::uuid IS NULL OR a.organization_id = {organizationId})
              AND (a.used_units < 0 OR a.scheduled_units < 0 OR a.used_units + a.scheduled_units > a.total_units
                   OR a.total_units <> coalesce(l.total, 0) OR a.used_units <> coalesce(l.used, 0)
                   OR a.scheduled_units <> coalesce(l.scheduled, 0))
            ORDER BY a.organization_id, a.auth_number
            """).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IntegrityViolation(
            r.AuthorizationId, r.OrganizationId, r.AuthNumber, r.TotalUnits, r.UsedUnits, r.ScheduledUnits,
            r.LedgerTotal, r.LedgerUsed, r.LedgerScheduled, Problems(r)))];
    }

    private static List<string> Problems(Row r)
    {
        var problems = new List<string>();
        if (r.UsedUnits + r.ScheduledUnits > r.TotalUnits)
        {
            problems.Add($"overbooked: {r.UsedUnits} used + {r.ScheduledUnits} scheduled > {r.TotalUnits} total");
        }

        if (r.UsedUnits < 0 || r.ScheduledUnits < 0)
        {
            problems.Add($"negative counter: {r.UsedUnits} used, {r.ScheduledUnits} scheduled");
        }

        if (r.TotalUnits != r.LedgerTotal)
        {
            problems.Add($"total {r.TotalUnits} differs from the ledger's {r.LedgerTotal}");
        }

        if (r.UsedUnits != r.LedgerUsed)
        {
            problems.Add($"used {r.UsedUnits} differs from the ledger's {r.LedgerUsed}");
        }

        if (r.ScheduledUnits != r.LedgerScheduled)
        {
            problems.Add($"scheduled {r.ScheduledUnits} differs from the ledger's {r.LedgerScheduled}");
        }

        return problems;
    }

    private sealed record Row(
        Guid AuthorizationId,
        Guid OrganizationId,
        string AuthNumber,
        int TotalUnits,
        int UsedUnits,
        int ScheduledUnits,
        int LedgerTotal,
        int LedgerUsed,
        int LedgerScheduled);
}
