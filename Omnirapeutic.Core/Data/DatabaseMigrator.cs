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

    /// <summary>The database's migrations against this build's: what is still to apply, and what only a newer build knows.</summary>
    public async Task<MigrationStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        return new MigrationStatus(
            Applied: applied,
            Pending: known.Except(applied, StringComparer.Ordinal).ToList(),
            Unknown: applied.Except(known, StringComparer.Ordinal).ToList());
    }
}

/// <param name="Applied">Migrations recorded in the database's history, oldest first.</param>
/// <param name="Pending">This build's migrations the database has not had yet.</param>
/// <param name="Unknown">Migrations in the database that this build does not have: a newer version migrated it.</param>
public sealed record MigrationStatus(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown)
{
    public string? Latest => Applied.Count == 0 ? null : Applied[^1];
}
