using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Omnirapeutic.Core.Data;

public static class DatabaseOptions
{
    public const string ConnectionStringName = "Omnirapeutic";

    /// <summary>The one place the provider and naming are chosen, shared by the app and the design-time tools.</summary>
    /// <remarks>
    /// EF Core logs every failed command as an error, stack trace included, but a serialization failure is routine
    /// here: <see cref="SerializableUnitOfWork"/> retries it and logs a give-up itself, and the API and Blazor log
    /// whatever nobody handled. So EF's own failure events are debug-level, and an error in the log is a real one.
    /// </remarks>
    public static DbContextOptionsBuilder UseOmnirapeuticDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
}
