using Microsoft.EntityFrameworkCore;

namespace Omnirapeutic.Core.Data;

public static class DatabaseOptions
{
    public const string ConnectionStringName = "Omnirapeutic";

    /// <summary>The one place the provider and naming are chosen, shared by the app and the design-time tools.</summary>
    public static DbContextOptionsBuilder UseOmnirapeuticDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
