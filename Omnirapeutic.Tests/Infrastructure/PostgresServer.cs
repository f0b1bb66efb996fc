using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;

[assembly: AssemblyFixture(typeof(Omnirapeutic.Tests.Infrastructure.PostgresServer))]

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL that <c>test.sh</c> starts (<c>OMNI_TEST_PG</c>, a role that may create roles and databases).
/// The tests connect as the app's own least-privilege role, <see cref="AppRole"/>, as the app does in production: it
/// owns the template database the migrations are applied to once, and every test class's clone of it, dropped at the end.
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

        await PostgresTools.RunAsync("pg_ctl", "-D", data, "-m", "fast", "-w", "restart");

        // Only this fixture's own pool: the apps must cope with their stale connections themselves.
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        NpgsqlConnection.ClearPool(admin);
    }

    /// <summary>The role the app connects as: no superuser, no role or database creation, owner of its database.</summary>
    public const string AppRole = "omnirapeutic";

    public string AdminConnectionString { get; } =
        Environment.GetEnvironmentVariable("OMNI_TEST_PG") ?? "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

    public async ValueTask InitializeAsync()
    {
        _templateName = $"omni_template_{_runId}";
        await EnsureRolesAsync();
        await ExecuteAsync($"CREATE DATABASE {_templateName} OWNER {AppRole}");
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

    public string ConnectionStringFor(string database) => ConnectionStringFor(database, AppRole);

    /// <summary>A database something else created (a script under test): dropped with this fixture's own.</summary>
    public void Adopt(string database)
    {
        lock (_databases)
        {
            _databases.Add(database);
        }
    }

    /// <summary>The same database as another role, such as the audit purge role.</summary>
    public string ConnectionStringFor(string database, string role) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = database,
            Username = role,
            Password = null,
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
            await ExecuteAsync($"CREATE DATABASE {name} {template} OWNER {AppRole}");
            Adopt(name);
        }
        finally
        {
            _createLock.Release();
        }

        return ConnectionStringFor(name);
    }

    // What scripts/lib.sh creates for the local cluster, for a server given in OMNI_TEST_PG too. Roles are the server's, not a database's.
    private Task EnsureRolesAsync() => ExecuteAsync($"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN
                CREATE ROLE {AppRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
            END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AuditRetention.PurgeRole}') THEN
                CREATE ROLE {AuditRetention.PurgeRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
            END IF;
        END
        $$
        """);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
