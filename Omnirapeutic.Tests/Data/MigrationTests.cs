using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Data;

public sealed class MigrationTests(PostgresServer postgres)
{
    [Fact]
    public async Task Migrate_OnEmptyDatabase_AppliesEveryMigration()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync();
        await using var db = PostgresServer.CreateContext(connectionString);

        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        var applied = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Model_ComparedWithMigrations_HasNoUncommittedChanges()
    {
        await using var db = PostgresServer.CreateContext(await postgres.CreateMigratedDatabaseAsync());

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration captures: run dotnet ef migrations add.");
    }

    [Fact]
    public async Task Migrate_InstallsReferenceData()
    {
        await using var connection = new NpgsqlConnection(await postgres.CreateMigratedDatabaseAsync());
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM pg_extension WHERE extname = 'btree_gist'"));
        Assert.Equal(5L, await ScalarAsync(connection, "SELECT count(*) FROM service_codes"));
        Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM service_codes WHERE code = '97153' AND 'RBT' = ANY(allowed_credentials)"));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM service_codes WHERE code <> '97153' AND 'RBT' = ANY(allowed_credentials)"));
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM roles WHERE name IN ('Admin', 'Practitioner')"));
    }

    [Fact]
    public async Task Schema_EveryTenantTable_CarriesOrganizationIdInItsUniqueKeys()
    {
        await using var connection = new NpgsqlConnection(await postgres.CreateMigratedDatabaseAsync());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        string[] tenantTables = ["practitioners", "patients", "authorizations", "unit_ledger_entries", "appointments", "audit_events", "users"];

        foreach (var table in tenantTables)
        {
            Assert.Equal(1L, await ScalarAsync(connection, $"SELECT count(*) FROM information_schema.columns WHERE table_name = '{table}' AND column_name = 'organization_id' AND is_nullable = 'NO'"));
        }

        // Unique indexes on tenant tables (other than the surrogate primary keys) all start with organization_id.
        var offenders = await ScalarAsync(connection, """
            SELECT count(*) FROM pg_indexes
            WHERE tablename IN ('practitioners', 'patients', 'authorizations', 'appointments')
              AND indexdef LIKE 'CREATE UNIQUE%'
              AND indexname NOT LIKE 'pk_%'
              AND indexdef NOT LIKE '%(organization_id, %'
            """);
        Assert.Equal(0L, offenders);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
