using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Core.Authorizations;

public sealed class AuthorizationDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<AuthorizationBalance>> ListAsync(Guid organizationId, Guid? patientId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var authorizations = db.Authorizations.AsNoTracking();
        if (patientId is { } patient)
        {
            authorizations = authorizations.Where(a => a.PatientId == patient);
        }

        return await Project(authorizations.OrderBy(a => a.AuthNumber)).ToListAsync(cancellationToken);
    }

    public async Task<AuthorizationBalance> GetAsync(Guid organizationId, Guid authorizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await Project(db.Authorizations.AsNoTracking().Where(a => a.Id == authorizationId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("authorization");
    }

    /// <summary>The current balances of these authorizations (those of the organization that still exist).</summary>
    public async Task<IReadOnlyList<AuthorizationBalance>> GetManyAsync(Guid organizationId, IReadOnlyCollection<Guid> authorizationIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await Project(db.Authorizations.AsNoTracking().Where(a => authorizationIds.Contains(a.Id))).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// How many scheduled sessions of the authorization start on or after <paramref name="date"/> in the organization's
    /// time zone: the sessions a renewal from that date moves.
    /// </summary>
    public async Task<int> SessionsFromAsync(Guid organizationId, Guid authorizationId, DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value"
            FROM appointments s JOIN organizations o ON o.id = s.organization_id
            WHERE s.organization_id = {organizationId} AND s.authorization_id = {authorizationId} AND s.status = 'Scheduled'
              AND (s.start_at AT TIME ZONE o.time_zone_id)::date >= {date}
            """).SingleAsync(cancellationToken);
    }

    /// <summary>The authorization's ledger, newest first.</summary>
    public async Task<IReadOnlyList<LedgerLine>> HistoryAsync(Guid organizationId, Guid authorizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        if (!await db.Authorizations.AnyAsync(a => a.Id == authorizationId, cancellationToken))
        {
            throw DomainException.NotFound("authorization");
        }

        return await db.UnitLedger.AsNoTracking()
            .Where(e => e.AuthorizationId == authorizationId)
            .OrderByDescending(e => e.Id)
            .Select(e => new LedgerLine(
                e.Id, e.OccurredAt, e.Kind, e.Units, e.TotalDelta, e.Reason,
                db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "System",
                e.AppointmentId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One page of the organization's authorizations with their patients' names, filtered, sorted and paged in the
    /// database. Ties are broken by authorization number, so pages never overlap.
    /// </summary>
    public async Task<AuthorizationPage> SearchAsync(Guid organizationId, AuthorizationQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Page < 0 || query.PageSize is < 1 or > AuthorizationQuery.MaxPageSize)
        {
            throw DomainException.Invalid("invalid-page", $"Ask for a page from 0 with 1 to {AuthorizationQuery.MaxPageSize} rows.");
        }

        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var organization = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => new { o.TimeZoneId, o.LowBalanceThresholdPercent, o.ExpiryAlertDays })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");

        var today = time.Today(organization.TimeZoneId);
        var rows = db.Authorizations.AsNoTracking()
            .Join(db.Patients.AsNoTracking(), a => a.PatientId, p => p.Id, (a, p) => new Row { Authorization = a, Patient = p });
        if (!string.IsNullOrWhiteSpace(query.PatientName))
        {
            var pattern = $"%{query.PatientName.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            rows = rows.Where(r => EF.Functions.ILike(r.Patient.FirstName + " " + r.Patient.LastName, pattern));
        }

        if (!string.IsNullOrWhiteSpace(query.ServiceCode))
        {
            rows = rows.Where(r => r.Authorization.ServiceCode == query.ServiceCode);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(r => r.Authorization.Status == status);
        }

        if (query.ExpiringOnly)
        {
            var alertUntil = today.AddDays(organization.ExpiryAlertDays);
            rows = rows.Where(r => r.Authorization.Status == AuthorizationStatus.Active
                && r.Authorization.EndDate >= today && r.Authorization.EndDate <= alertUntil);
        }

        if (query.LowBalanceOnly)
        {
            var percent = organization.LowBalanceThresholdPercent;
            rows = rows.Where(r => r.Authorization.Status == AuthorizationStatus.Active
                && (r.Authorization.TotalUnits - r.Authorization.UsedUnits - r.Authorization.ScheduledUnits) * 100 <= r.Authorization.TotalUnits * percent);
        }

        var totalCount = await rows.CountAsync(cancellationToken);
        var sorted = Sort(rows, query.SortBy, query.SortDescending).ThenBy(r => r.Authorization.AuthNumber);
        var page = query.PageSize is { } size ? sorted.Skip(query.Page * size).Take(size) : sorted;
        var found = await page
            .Select(r => new
            {
                Item = new AuthorizationListItem(
                    r.Authorization.Id, r.Authorization.AuthNumber, r.Patient.Id, r.Patient.FirstName + " " + r.Patient.LastName,
                    r.Authorization.ServiceCode, r.Authorization.StartDate, r.Authorization.EndDate, r.Authorization.TotalUnits,
                    r.Authorization.UsedUnits, r.Authorization.ScheduledUnits,
                    r.Authorization.TotalUnits - r.Authorization.UsedUnits - r.Authorization.ScheduledUnits, r.Authorization.Status,
                    Array.Empty<PeriodHolding>(),
                    r.Authorization.SuccessorId,
                    r.Authorization.EndDate < today),
                r.Authorization.PayerId,
                Limits = new UnitLimits(r.Authorization.LimitPerDay, r.Authorization.LimitPerWeek, r.Authorization.LimitPerMonth),
            })
            .ToListAsync(cancellationToken);
        var periods = await PeriodHolding.TodayAsync(db, found.Select(f => (f.Item.Id, f.PayerId, f.Limits)), today, cancellationToken);
        return new AuthorizationPage([.. found.Select(f => f.Item with { Periods = periods.GetValueOrDefault(f.Item.Id, []) })], totalCount);
    }

    private static IOrderedQueryable<Row> Sort(IQueryable<Row> rows, AuthorizationSortField field, bool descending) => field switch
    {
        AuthorizationSortField.PatientName => By(rows, r => r.Patient.LastName, descending).ThenBy(r => r.Patient.FirstName),
        AuthorizationSortField.ServiceCode => By(rows, r => r.Authorization.ServiceCode, descending),
        AuthorizationSortField.StartDate => By(rows, r => r.Authorization.StartDate, descending),
        AuthorizationSortField.EndDate => By(rows, r => r.Authorization.EndDate, descending),
        AuthorizationSortField.TotalUnits => By(rows, r => r.Authorization.TotalUnits, descending),
        AuthorizationSortField.UsedUnits => By(rows, r => r.Authorization.UsedUnits, descending),
        AuthorizationSortField.ScheduledUnits => By(rows, r => r.Authorization.ScheduledUnits, descending),
        AuthorizationSortField.AvailableUnits => By(rows, r => r.Authorization.TotalUnits - r.Authorization.UsedUnits - r.Authorization.ScheduledUnits, descending),
        AuthorizationSortField.Status => By(rows, r => r.Authorization.Status, descending),
        _ => By(rows, r => r.Authorization.AuthNumber, descending),
    };

    private static IOrderedQueryable<Row> By<TKey>(IQueryable<Row> rows, Expression<Func<Row, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    private static IQueryable<AuthorizationBalance> Project(IQueryable<Authorization> authorizations) =>
        authorizations.Select(a => new AuthorizationBalance(
            a.Id, a.AuthNumber, a.PatientId, a.PayerId, a.ServiceCode, a.StartDate, a.EndDate,
            a.TotalUnits, a.UsedUnits, a.ScheduledUnits, a.TotalUnits - a.UsedUnits - a.ScheduledUnits,
                new UnitLimits(a.LimitPerDay, a.LimitPerWeek, a.LimitPerMonth), a.Status, a.Version, a.PredecessorId, a.SuccessorId));

    private sealed class Row
    {
        public required Authorization Authorization { get; init; }

        public required Patient Patient { get; init; }
    }
}
