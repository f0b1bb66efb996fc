using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary><c>dotnet Omnirapeutic.Web.dll migrate</c> and the Production start's refusal, run as their own processes.</summary>
public sealed class MigrateCommandTests(PostgresServer postgres)
{
    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_AppliesEveryMigration_AndRunAgainAppliesNothing()
    {
        var connectionString = await postgres.CreateEmptyDatabaseAsync();
        var known = KnownMigrations(connectionString);

        var first = await AppProcess.RunAsync(connectionString, "migrate");
        var second = await AppProcess.RunAsync(connectionString, "migrate");

        Assert.True(first.ExitCode == 0, first.Errors);
        var firstJson = JsonDocument.Parse(first.Output).RootElement;
        Assert.Equal(known, firstJson.GetProperty("applied").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(known[^1], firstJson.GetProperty("current").GetString());
        Assert.Equal(0, firstJson.GetProperty("pending").GetInt32());
        Assert.True(second.ExitCode == 0, second.Errors);
        Assert.Equal(0, JsonDocument.Parse(second.Output).RootElement.GetProperty("applied").GetArrayLength());
        Assert.Equal(known, await AppliedAsync(connectionString));
    }

    [Fact]
    public async Task Migrate_OnADatabaseANewerVersionMigrated_RefusesAndChangesNothing()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync();
        await ExecuteAsync(connectionString, "INSERT INTO __ef_migrations_history (migration_id, product_version) VALUES ('99991231235959_FromANewerVersion', '99.0.0')");
        var before = await AppliedAsync(connectionString);

        var result = await AppProcess.RunAsync(connectionString, "migrate");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("99991231235959_FromANewerVersion", result.Errors, StringComparison.Ordinal);
        Assert.Contains("newer version", result.Errors, StringComparison.Ordinal);
        Assert.Equal(before, await AppliedAsync(connectionString));
    }

    [Fact]
    public async Task Start_InProduction_WithPendingMigrations_RefusesToServeAndSaysWhatToRun()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync();
        var known = KnownMigrations(connectionString);
        await ExecuteAsync(connectionString, $"DELETE FROM __ef_migrations_history WHERE migration_id = '{known[^1]}'");

        var result = await AppProcess.RunAsync(connectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Not serving: the database lacks 1 migration(s)", result.Output, StringComparison.Ordinal);
        Assert.Contains(known[^1], result.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet Omnirapeutic.Web.dll migrate", result.Output, StringComparison.Ordinal);
        Assert.Equal(known[..^1], await AppliedAsync(connectionString));
    }

    private static List<string> KnownMigrations(string connectionString)
    {
        using var db = PostgresServer.CreateContext(connectionString);
        return db.Database.GetMigrations().ToList();
    }

    private static async Task<List<string>> AppliedAsync(string connectionString)
    {
        await using var db = PostgresServer.CreateContext(connectionString);
        return (await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)).ToList();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
