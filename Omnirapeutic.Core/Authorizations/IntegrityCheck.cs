using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// The seed report's overbooking query plus the ledger check: every authorization whose counters break
/// 0 &lt;= used, 0 &lt;= scheduled, used + scheduled &lt;= total, or differ from the ledger's sums; and whose period rows
/// differ from the ledger by service date (days), from their days (weeks and months), or from its limits.
/// </summary>
public sealed class IntegrityCheck(IDbContextFactory<OmnirapeuticDbContext> dbFactory)
{
    /// <summary>Violations in one organization, or in all of them when <paramref name="organizationId"/> is null.</summary>
    public async Task<IReadOnlyList<IntegrityViolation>> FindViolationsAsync(Guid? organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var periodProblems = (await db.Database.SqlQuery<PeriodProblem>($"""
            WITH days AS (
                SELECT organization_id, authorization_id, starts_on AS day, scheduled_units, used_units, limit_units
                FROM unit_periods
                WHERE kind = 'Day' AND ({organizationId}::uuid IS NULL OR organization_id = {organizationId})),
            ledger AS (
                SELECT organization_id, authorization_id, service_date AS day,
                       sum(CASE kind WHEN 'Reserve' THEN units WHEN 'Release' THEN -units WHEN 'Consume' THEN -units ELSE 0 END)::int AS scheduled,
                       coalesce(sum(units) FILTER (WHERE kind = 'Consume'), 0)::int AS used
                FROM unit_ledger_entries
                WHERE kind <> 'Adjust' AND ({organizationId}::uuid IS NULL OR organization_id = {organizationId})
                GROUP BY organization_id, authorization_id, service_date),
            expected AS (
                SELECT d.authorization_id, k.kind,
                       CASE k.kind
                           WHEN 'Week' THEN d.day - ((extract(dow FROM d.day)::int - array_position(ARRAY['Sunday','Monday','Tuesday','Wednesday','Thursday','Friday','Saturday']::text[], py.week_starts_on::text) + 1 + 7) % 7)
                           ELSE date_trunc('month', d.day)::date END AS starts_on,
                       sum(d.scheduled_units)::int AS scheduled, sum(d.used_units)::int AS used,
                       max(CASE k.kind WHEN 'Week' THEN a.limit_per_week ELSE a.limit_per_month END) AS limit_units
                FROM days d
                JOIN authorizations a ON a.organization_id = d.organization_id AND a.id = d.authorization_id
                JOIN payers py ON py.organization_id = a.organization_id AND py.id = a.payer_id
                CROSS JOIN (VALUES ('Week'), ('Month')) AS k(kind)
                WHERE (k.kind = 'Week' AND a.limit_per_week IS NOT NULL) OR (k.kind = 'Month' AND a.limit_per_month IS NOT NULL)
                GROUP BY 1, 2, 3),
            periods AS (
                SELECT * FROM unit_periods
                WHERE kind <> 'Day' AND ({organizationId}::uuid IS NULL OR organization_id = {organizationId}))
            SELECT coalesce(d.authorization_id, l.authorization_id) AS authorization_id,
                   format('%s: the day holds %s scheduled and %s used, its ledger entries %s and %s',
                          coalesce(d.day, l.day), coalesce(d.scheduled_units, 0), coalesce(d.used_units, 0), coalesce(l.scheduled, 0), coalesce(l.used, 0)) AS problem
            FROM days d FULL JOIN ledger l ON l.authorization_id = d.authorization_id AND l.day = d.day
            WHERE coalesce(d.scheduled_units, 0) <> coalesce(l.scheduled, 0) OR coalesce(d.used_units, 0) <> coalesce(l.used, 0)
            UNION ALL
            SELECT d.authorization_id, format('%s: the day is limited to %s, the authorization to %s a day', d.day, coalesce(d.limit_units::text, 'nothing'), coalesce(a.limit_per_day::text, 'nothing'))
            FROM days d JOIN authorizations a ON a.organization_id = d.organization_id AND a.id = d.authorization_id
            WHERE d.limit_units IS DISTINCT FROM a.limit_per_day
            UNION ALL
            SELECT coalesce(p.authorization_id, e.authorization_id),
                   format('%s of %s: the row holds %s scheduled and %s used against %s, its days %s and %s against %s',
                          coalesce(p.kind, e.kind), coalesce(p.starts_on, e.starts_on), coalesce(p.scheduled_units, 0), coalesce(p.used_units, 0),
                          coalesce(p.limit_units::text, 'no limit'), coalesce(e.scheduled, 0), coalesce(e.used, 0), coalesce(e.limit_units::text, 'no limit'))
            FROM periods p FULL JOIN expected e ON e.authorization_id = p.authorization_id AND e.kind = p.kind AND e.starts_on = p.starts_on
            WHERE coalesce(p.scheduled_units, 0) <> coalesce(e.scheduled, 0) OR coalesce(p.used_units, 0) <> coalesce(e.used, 0)
               OR p.limit_units IS DISTINCT FROM e.limit_units
            """).ToListAsync(cancellationToken))
            .GroupBy(p => p.AuthorizationId)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToList());
        var withPeriodProblems = periodProblems.Keys.ToArray();
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
                   OR a.scheduled_units <> coalesce(l.scheduled, 0) OR a.id = ANY({withPeriodProblems}))
            ORDER BY a.organization_id, a.auth_number
            """).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IntegrityViolation(
            r.AuthorizationId, r.OrganizationId, r.AuthNumber, r.TotalUnits, r.UsedUnits, r.ScheduledUnits,
            r.LedgerTotal, r.LedgerUsed, r.LedgerScheduled, [.. Problems(r), .. periodProblems.GetValueOrDefault(r.AuthorizationId, [])]))];
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

    private sealed record PeriodProblem(Guid AuthorizationId, string Problem);

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
