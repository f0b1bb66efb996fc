using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Authorizations;

public sealed class AuthorizationDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory)
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

    private static IQueryable<AuthorizationBalance> Project(IQueryable<Authorization> authorizations) =>
        authorizations.Select(a => new AuthorizationBalance(
            a.Id, a.AuthNumber, a.PatientId, a.ServiceCode, a.StartDate, a.EndDate,
            a.TotalUnits, a.UsedUnits, a.ScheduledUnits, a.TotalUnits - a.UsedUnits - a.ScheduledUnits, a.Status, a.Version));
}
