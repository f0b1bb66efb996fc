using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;

namespace Omnirapeutic.Web.Hosting;

internal static partial class DatabaseStartup
{
    /// <summary>
    /// Applies migrations when <c>Database:MigrateOnStartup</c> is true (the default in Development) and
    /// loads the demo data when <c>Seed:DemoData</c> is true. Both are idempotent. Outside Development a node that
    /// does not migrate refuses to serve (false) while the database lacks migrations this build has. Logs one warning
    /// when the server's settings are below what the unit lane needs.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app)
    {
        var configuration = app.Configuration;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup).FullName!);
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        if (configuration.GetValue("Database:MigrateOnStartup", app.Environment.IsDevelopment()))
        {
            await migrator.MigrateAsync(app.Lifetime.ApplicationStopping);
            LogMigrated(logger);
        }
        else if (!app.Environment.IsDevelopment())
        {
            var status = await migrator.StatusAsync(app.Lifetime.ApplicationStopping);
            if (status.Pending.Count > 0)
            {
                LogPendingMigrations(logger, status.Pending.Count, status.Latest ?? "none", status.Pending[^1]);
                return false;
            }

            if (status.Unknown.Count > 0)
            {
                LogNewerDatabase(logger, status.Unknown.Count, status.Unknown[^1]);
            }
        }

        if (configuration.GetValue<bool>("Seed:DemoData"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
            var password = DemoPassword(configuration, app.Environment);
            var added = await seeder.SeedAsync(password, app.Lifetime.ApplicationStopping);
            LogSeeded(logger, added ? "loaded" : "already present");
        }

        var problems = await app.Services.GetRequiredService<DatabaseSettingsCheck>().FindProblemsAsync(app.Lifetime.ApplicationStopping);
        if (problems.Count > 0)
        {
            LogSettingsBelowNeeds(logger, DatabaseSettingsHealthCheck.Describe(problems));
        }

        return true;
    }

    /// <summary>The README's password is public: only a Development database may get it without being asked for.</summary>
    private static string DemoPassword(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Seed:DemoPassword"] is { Length: > 0 } given ? given
        : environment.IsDevelopment() ? DemoDataSeeder.DefaultPassword
        : throw new InvalidOperationException(
            $"Demo data (Seed:DemoData) is on in the {environment.EnvironmentName} environment without a demo password: set Seed:DemoPassword " +
            "(environment variable Seed__DemoPassword; OMNI_DEMO_PASSWORD in docker-compose.yml) to the password the demo users get, or turn the demo data off.");

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not serving: the database lacks {Count} migration(s) of this version (database at {Current}, this version at {Wanted}). " +
        "Run 'dotnet Omnirapeutic.Web.dll migrate' (docker compose runs its migrate service) before starting the app.")]
    private static partial void LogPendingMigrations(ILogger logger, int count, string current, string wanted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has {Count} migration(s) newer than this version (up to {Newest}): serving, as during a rolling upgrade; upgrade this node.")]
    private static partial void LogNewerDatabase(ILogger logger, int count, string newest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database settings below what the unit lane needs. {Problems}")]
    private static partial void LogSettingsBelowNeeds(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrations applied")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data {Outcome}")]
    private static partial void LogSeeded(ILogger logger, string outcome);
}
