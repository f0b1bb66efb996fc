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
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 30 }.ConnectionString;

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
