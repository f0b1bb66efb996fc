using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omnirapeutic.Core.Data;

[assembly: AssemblyFixture(typeof(Omnirapeutic.Tests.Infrastructure.PostgresServer))]

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL that <c>test.sh</c> starts (<c>OMNI_TEST_PG</c>). The migrations are applied once to a
/// template database; every test class then gets its own database cloned from it, dropped at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly List<string> _databases = [];
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private string _templateName = string.Empty;

    /// <summary>
    /// Restarts the server the way an operator would (<c>pg_ctl restart -m fast</c>) when <c>test.sh</c> says where
    /// its data lives (<c>OMNI_TEST_PG_DATA</c>); against a server it does not manage, every other backend of
    /// <paramref name="database"/> is terminated instead, which the app sees the same way (57P01).
    /// </summary>
    public async Task RestartAsync(string database)
    {
        var data = Environment.GetEnvironmentVariable("OMNI_TEST_PG_DATA");
        if (string.IsNullOrEmpty(data))
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
            await terminate.ExecuteNonQueryAsync();
            return;
        }

        var pgCtl = Path.Combine(Environment.GetEnvironmentVariable("OMNI_TEST_PG_BIN") ?? "/usr/lib/postgresql/15/bin", "pg_ctl");
        var asRoot = Environment.UserName == "root";
        var start = new System.Diagnostics.ProcessStartInfo(asRoot ? "runuser" : pgCtl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (asRoot ? ["-u", "postgres", "--", pgCtl] : Array.Empty<string>()).Concat(["-D", data, "-m", "fast", "-w", "restart"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_ctl restart failed: {errors}");

        // Only this fixture's own pool: the apps must cope with their stale connections themselves.
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        NpgsqlConnection.ClearPool(admin);
    }

    public string AdminConnectionString { get; } =
        Environment.GetEnvironmentVariable("OMNI_TEST_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

    public async ValueTask InitializeAsync()
    {
        _templateName = $"omni_template_{_runId}";
        await ExecuteAsync($"CREATE DATABASE {_templateName}");
        var templateConnectionString = ConnectionStringFor(_templateName);
        await using (var db = CreateContext(templateConnectionString))
        {
            await db.Database.MigrateAsync();
        }

        // CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template.
        await using var connection = new NpgsqlConnection(templateConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>A fresh database with the schema from the real migrations and nothing else.</summary>
    public async Task<string> CreateMigratedDatabaseAsync() => await CreateDatabaseAsync($"TEMPLATE {_templateName}");

    /// <summary>A fresh database with no schema at all.</summary>
    public async Task<string> CreateEmptyDatabaseAsync() => await CreateDatabaseAsync("TEMPLATE template0");

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = database,
            MaxPoolSize = 30,

            // Hundreds of short-lived databases: idle pooled connections must not pile up to max_connections.
            ConnectionIdleLifetime = 2,
            ConnectionPruningInterval = 1,
        }.ConnectionString;

    public static OmnirapeuticDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<OmnirapeuticDbContext>();
        options.UseOmnirapeuticDatabase(connectionString);
        return new OmnirapeuticDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var database in _databases.Append(_templateName))
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        _createLock.Dispose();
    }

    private async Task<string> CreateDatabaseAsync(string template)
    {
        var name = $"omni_test_{_runId}_{Guid.NewGuid():N}";
        await _createLock.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE {name} {template}");
            _databases.Add(name);
        }
        finally
        {
            _createLock.Release();
        }

        return ConnectionStringFor(name);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
