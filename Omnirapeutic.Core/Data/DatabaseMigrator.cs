using Microsoft.EntityFrameworkCore;

namespace Omnirapeutic.Core.Data;

/// <summary>Applies the committed migrations; EF Core takes a database lock so concurrent nodes wait their turn.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<OmnirapeuticDbContext> dbFactory)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
