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

    private static IQueryable<AuthorizationBalance> Project(IQueryable<Authorization> authorizations) =>
        authorizations.Select(a => new AuthorizationBalance(
            a.Id, a.AuthNumber, a.PatientId, a.ServiceCode, a.StartDate, a.EndDate,
            a.TotalUnits, a.UsedUnits, a.ScheduledUnits, a.TotalUnits - a.UsedUnits - a.ScheduledUnits, a.Status, a.Version));
}
