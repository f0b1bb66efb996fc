using Npgsql;

namespace Omnirapeutic.Core.Data;

/// <summary>
/// The connection string write transactions run on: the app's own, with the planner told once per physical
/// connection to avoid sequential and bitmap heap scans, and bounds on lock waits and idle transactions. SSI locks what a plan reads, and those plans
/// lock whole tables or heap pages, so on small tables work on different authorizations would abort each other.
/// Setting it on the connection saves a round trip per transaction over <c>SET LOCAL</c>; reads keep the default planner.
/// Its statements are prepared once each is seen again (Npgsql's automatic preparation, ADR 13): the unit path repeats a
/// few dozen statements, and parsing and planning each per call was a third of PostgreSQL's work under booking load.
/// </summary>
public sealed class WriteConnection(string connectionString)
{
    /// <summary>How long a write waits for a lock, the organization's lane included, before it gives up with 503.</summary>
    public const int LockTimeoutSeconds = 5;

    /// <summary>
    /// A transaction left idle this long belongs to a node that stopped mid-change: PostgreSQL ends its session, which
    /// rolls it back and frees the organization's lane for the other nodes.
    /// </summary>
    public const int IdleInTransactionSeconds = 15;

    /// <summary>Statements kept prepared per connection: every statement the write path repeats, with room to spare.</summary>
    public const int PreparedStatements = 128;

    public const string PlannerOptions = "-c enable_seqscan=off -c enable_bitmapscan=off";

    public static readonly string Options =
        $"{PlannerOptions} -c lock_timeout={LockTimeoutSeconds}s -c idle_in_transaction_session_timeout={IdleInTransactionSeconds}s";

    public string ConnectionString { get; } = With(connectionString);

    private static string With(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? Options : $"{builder.Options} {Options}";
        builder.MaxAutoPrepare = PreparedStatements;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }
}
