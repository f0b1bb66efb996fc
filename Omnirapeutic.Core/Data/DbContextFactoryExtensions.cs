using Microsoft.EntityFrameworkCore;

namespace Omnirapeutic.Core.Data;

public static class DbContextFactoryExtensions
{
    /// <summary>A context whose global query filters show only this organization's clinical data.</summary>
    public static async Task<OmnirapeuticDbContext> CreateForOrganizationAsync(
        this IDbContextFactory<OmnirapeuticDbContext> factory, Guid organizationId, CancellationToken cancellationToken = default)
    {
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.OrganizationId = organizationId;
        return db;
    }
}
