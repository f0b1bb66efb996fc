using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary><c>scripts/backup.sh</c> and <c>scripts/restore.sh</c> as an operator runs them, on a database the app is serving.</summary>
public sealed class BackupRestoreTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly string _backups = Directory.CreateTempSubdirectory("omni-backups-").FullName;
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_backups, recursive: true);
    }

    [Fact]
    public async Task ABackupOfTheDemoDataAndABooking_RestoresIntoANewDatabase_WithEveryRowAndACleanIntegrityCheck()
    {
        var clinic = await DemoClinic.LoadAsync(_app);
        var patient = clinic.PatientIds[0];
        var booked = await clinic.BookAsync(patient, "rbt1@orga.example", clinic.AuthorizationOf(patient, "97153").Id, DemoClinic.NextWeekAt(8), 60);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var target = $"omni_restored_{Guid.NewGuid():N}"[..26];
        postgres.Adopt(target);

        var backup = await RunAsync("backup.sh");
        var file = backup.Output.Trim();
        var restore = await RunAsync("restore.sh", file, target);

        Assert.True(backup.ExitCode == 0, backup.Errors);
        Assert.StartsWith(Path.Combine(_backups, new NpgsqlConnectionStringBuilder(_app.ConnectionString).Database + "-"), file, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.Errors);
        Assert.Contains("\"violations\": []", restore.Output, StringComparison.Ordinal);
        var source = await CountsAsync(_app.ConnectionString);
        Assert.Contains(source, table => table.Key == "appointments" && table.Value > 0);
        Assert.Contains(source, table => table.Key == "audit_events" && table.Value > 0);
        Assert.Equal(source, await CountsAsync(postgres.ConnectionStringFor(target)));
    }

    [Fact]
    public async Task ARestoreOverAnExistingDatabase_IsRefusedWithoutTheFlag_AndWithItKeepsThePreviousOne()
    {
        var file = (await RunAsync("backup.sh")).Output.Trim();
        var target = $"omni_restored_{Guid.NewGuid():N}"[..26];
        postgres.Adopt(target);
        Assert.Equal(0, (await RunAsync("restore.sh", file, target)).ExitCode);
        await using (var connection = new NpgsqlConnection(postgres.ConnectionStringFor(target)))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("CREATE TABLE only_in_the_live_copy (id int)", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // The live copy keeps a connection open, as a running app would.
        await using var live = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.ConnectionStringFor(target)) { Pooling = false }.ConnectionString);
        await live.OpenAsync(TestContext.Current.CancellationToken);
        var refused = await RunAsync("restore.sh", file, target);
        var tablesAfterRefusal = (await CountsAsync(postgres.ConnectionStringFor(target))).Keys.ToList();
        var replaced = await RunAsync("restore.sh", file, target, "--replace");
        var kept = Regex.Match(replaced.Errors, $@"kept as ({target}_before_restore_\d+)").Groups[1].Value;
        postgres.Adopt(kept);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"database {target} exists", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("only_in_the_live_copy", tablesAfterRefusal);
        Assert.True(replaced.ExitCode == 0, replaced.Errors);
        Assert.Equal(await CountsAsync(_app.ConnectionString), await CountsAsync(postgres.ConnectionStringFor(target)));
        Assert.Contains("only_in_the_live_copy", (await CountsAsync(postgres.ConnectionStringFor(kept))).Keys);
    }

    [Fact]
    public async Task ABackupOfAnOlderVersionsDatabase_RestoresMigratedToThisVersion()
    {
        var older = await postgres.CreateEmptyDatabaseAsync();
        List<string> known;
        await using (var db = PostgresServer.CreateContext(older))
        {
            known = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(known[^2], cancellationToken: TestContext.Current.CancellationToken);
        }

        var target = $"omni_restored_{Guid.NewGuid():N}"[..26];
        postgres.Adopt(target);
        var backup = await RunWithAsync(("ConnectionStrings__Omnirapeutic", older), "backup.sh");
        var restore = await RunAsync("restore.sh", backup.Output.Trim(), target);

        Assert.True(restore.ExitCode == 0, restore.Errors);
        Assert.Contains("\"violations\": []", restore.Output, StringComparison.Ordinal);
        await using var restored = PostgresServer.CreateContext(postgres.ConnectionStringFor(target));
        Assert.Equal(known, await restored.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Backups_KeepTheNewestOfTheRetentionCount_AndRestoreRefusesWhatIsNoBackup()
    {
        var files = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            files.Add((await RunWithAsync(("OMNI_BACKUP_KEEP", "2"), "backup.sh")).Output.Trim());
        }

        var notABackup = Path.Combine(_backups, "notes.txt");
        await File.WriteAllTextAsync(notABackup, "not an archive", TestContext.Current.CancellationToken);
        var refused = await RunAsync("restore.sh", notABackup, "omni_never_created");
        var overPostgres = await RunAsync("restore.sh", files[^1], "postgres", "--replace");

        Assert.Equal(files[1..].Order(StringComparer.Ordinal), Directory.GetFiles(_backups, "*.dump").Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(_backups, "*.partial"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is not a pg_dump custom-format archive", refused.Errors, StringComparison.Ordinal);
        Assert.Equal(2, overPostgres.ExitCode);
        Assert.Contains("one of PostgreSQL's own databases", overPostgres.Errors, StringComparison.Ordinal);
    }

    private Task<AppProcess.Result> RunAsync(string script, params string[] arguments) => RunWithAsync(default, script, arguments);

    private async Task<AppProcess.Result> RunWithAsync((string Name, string Value) environment, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "scripts", script), .. arguments])
        {
            Environment =
            {
                ["ConnectionStrings__Omnirapeutic"] = _app.ConnectionString,
                ["OMNI_PG_ADMIN"] = postgres.AdminConnectionString,
                ["OMNI_BACKUP_DIR"] = _backups,
                ["OMNI_APP_DLL"] = Path.Combine(AppContext.BaseDirectory, "Omnirapeutic.Web.dll"),
            },
        };
        if (environment.Name is not null)
        {
            start.Environment[environment.Name] = environment.Value;
        }

        return await AppProcess.RunAsync(start);
    }

    /// <summary>Exact row counts of every table of the app's schema.</summary>
    private static async Task<SortedDictionary<string, long>> CountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection))
        await using (var reader = await list.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }

        return counts;
    }
}
