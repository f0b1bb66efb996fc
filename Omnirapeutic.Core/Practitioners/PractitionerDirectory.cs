using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Practitioners;

public sealed class PractitionerDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PractitionerListItem>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Practitioners
            .Where(p => p.IsActive)
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new PractitionerListItem(p.Id, p.FirstName + " " + p.LastName, p.Email, p.Credential))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whom a user may book with: every active practitioner for the front desk, else their own profile (if they have one).</summary>
    public async Task<IReadOnlyList<PractitionerListItem>> BookableAsync(Guid organizationId, Guid userId, bool everyone, CancellationToken cancellationToken = default) =>
        everyone
            ? await ListAsync(organizationId, cancellationToken)
            : await FindByUserAsync(organizationId, userId, cancellationToken) is { } mine ? [mine] : [];

    /// <summary>The practitioner profile of a signed-in user, if they have one.</summary>
    public async Task<PractitionerListItem?> FindByUserAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Practitioners
            .Where(p => p.UserId == userId)
            .Select(p => new PractitionerListItem(p.Id, p.FirstName + " " + p.LastName, p.Email, p.Credential))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
