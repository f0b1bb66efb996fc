using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Omnirapeutic.Core.Data;

/// <summary>A server or connection setting below what the unit lane needs, with the value to use and why.</summary>
public sealed record DatabaseSettingProblem(string Setting, string Found, string Wanted, string Why)
{
    public override string ToString() => $"{Setting} is {Found}; use {Wanted} ({Why})";
}

/// <summary>
/// Reads the PostgreSQL settings the unit lane depends on (README, "PostgreSQL settings") and this node's connection
/// pool sizes. None of them is needed for correctness, SERIALIZABLE and the constraints are; below these values batches
/// of different organizations abort each other, or a node runs out of connections.
/// </summary>
public sealed class DatabaseSettingsCheck(IDbContextFactory<OmnirapeuticDbContext> dbFactory, WriteConnection writeConnection)
{
    public const int PredicateLocksPerTransaction = 256;
    public const int PredicateLocksPerPage = 32;
    public const int PredicateLocksPerRelation = 4096;
    public const int MinimumPoolSize = 10;

    public async Task<IReadOnlyList<DatabaseSettingProblem>> FindProblemsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.Database.SqlQuery<Setting>($"""
            SELECT name, setting AS value FROM pg_settings
            WHERE name IN ('max_pred_locks_per_transaction', 'max_pred_locks_per_page', 'max_pred_locks_per_relation',
                           'default_transaction_isolation', 'max_connections', 'superuser_reserved_connections', 'reserved_connections')
            """).ToDictionaryAsync(s => s.Name, s => s.Value, cancellationToken);
        var problems = new List<DatabaseSettingProblem>();

        var perTransaction = Number(settings, "max_pred_locks_per_transaction");
        if (perTransaction < PredicateLocksPerTransaction)
        {
            problems.Add(new("max_pred_locks_per_transaction", Text(perTransaction), Text(PredicateLocksPerTransaction),
                "a batch's row locks are coarsened sooner; needs a server restart"));
        }

        var perPage = Number(settings, "max_pred_locks_per_page");
        if (perPage < PredicateLocksPerPage)
        {
            problems.Add(new("max_pred_locks_per_page", Text(perPage), Text(PredicateLocksPerPage),
                "past that many rows of one page SERIALIZABLE locks the whole page and unrelated batches abort each other"));
        }

        // A negative value means the per-transaction setting divided by its magnitude.
        var perRelation = Number(settings, "max_pred_locks_per_relation");
        var perRelationInEffect = perRelation < 0 ? perTransaction / -perRelation : perRelation;
        if (perRelationInEffect < PredicateLocksPerRelation)
        {
            problems.Add(new("max_pred_locks_per_relation", perRelation < 0 ? $"{Text(perRelation)} ({Text(perRelationInEffect)})" : Text(perRelation),
                Text(PredicateLocksPerRelation), "past that many locks on one table a booking batch locks the whole table"));
        }

        if (settings.GetValueOrDefault("default_transaction_isolation") is { } isolation && isolation != "read committed")
        {
            problems.Add(new("default_transaction_isolation", $"'{isolation}'", "'read committed'",
                "unit changes ask for SERIALIZABLE themselves; reads at a stricter default take predicate locks that abort unit batches, and other writes fail where the app does not retry them"));
        }

        // Two pools per node: reads and edits on the app's connection string, unit changes on the write connection's.
        var reads = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var readPool = reads.MaxPoolSize;
        var writePool = new NpgsqlConnectionStringBuilder(writeConnection.ConnectionString).MaxPoolSize;
        if (reads.Pooling && Math.Min(readPool, writePool) < MinimumPoolSize)
        {
            problems.Add(new("Maximum Pool Size (connection string)", Text(Math.Min(readPool, writePool)), $"at least {Text(MinimumPoolSize)}",
                "every organization changing units at once holds one connection, and reads queue behind them"));
        }

        var available = Number(settings, "max_connections") - Number(settings, "superuser_reserved_connections") - Number(settings, "reserved_connections");
        if (reads.Pooling && readPool + writePool > available)
        {
            problems.Add(new("max_connections", Text(Number(settings, "max_connections")), $"at least {Text(readPool + writePool)} plus reserved connections per web node",
                $"one node's two pools ({Text(readPool)} + {Text(writePool)}) can open more connections than the server allows"));
        }

        return problems;
    }

    private static int Number(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Setting(string Name, string Value);
}
