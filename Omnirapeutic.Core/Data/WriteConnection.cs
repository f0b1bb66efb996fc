using Npgsql;

namespace Omnirapeutic.Core.Data;

/// <summary>
/// The connection string unit-changing transactions run on: the app's own, with the planner told once per
/// physical connection to avoid sequential and bitmap heap scans. SSI locks what a plan reads, and those plans
/// lock whole tables or heap pages, so on small tables work on different authorizations would abort each other.
/// Setting it on the connection saves a round trip per transaction over <c>SET LOCAL</c>; reads keep the default planner.
/// </summary>
public sealed class WriteConnection(string connectionString)
{
    public const string PlannerOptions = "-c enable_seqscan=off -c enable_bitmapscan=off";

    public string ConnectionString { get; } = With(connectionString);

    private static string With(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? PlannerOptions : $"{builder.Options} {PlannerOptions}";
        return builder.ConnectionString;
    }
}
