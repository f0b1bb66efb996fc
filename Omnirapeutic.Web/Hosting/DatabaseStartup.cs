using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;

namespace Omnirapeutic.Web.Hosting;

internal static partial class DatabaseStartup
{
    /// <summary>
    /// Applies migrations when <c>Database:MigrateOnStartup</c> is true (the default in Development) and
    /// loads the demo data when <c>Seed:DemoData</c> is true. Both are idempotent.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var configuration = app.Configuration;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup).FullName!);
        if (configuration.GetValue("Database:MigrateOnStartup", app.Environment.IsDevelopment()))
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
            LogMigrated(logger);
        }

        if (configuration.GetValue<bool>("Seed:DemoData"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
            var password = DemoPassword(configuration, app.Environment);
            var added = await seeder.SeedAsync(password, app.Lifetime.ApplicationStopping);
            LogSeeded(logger, added ? "loaded" : "already present");
        }
    }

    /// <summary>The README's password is public: only a Development database may get it without being asked for.</summary>
    private static string DemoPassword(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Seed:DemoPassword"] is { Length: > 0 } given ? given
        : environment.IsDevelopment() ? DemoDataSeeder.DefaultPassword
        : throw new InvalidOperationException(
            $"Demo data (Seed:DemoData) is on in the {environment.EnvironmentName} environment without a demo password: set Seed:DemoPassword " +
            "(environment variable Seed__DemoPassword; OMNI_DEMO_PASSWORD in docker-compose.yml) to the password the demo users get, or turn the demo data off.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrations applied")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data {Outcome}")]
    private static partial void LogSeeded(ILogger logger, string outcome);
}
