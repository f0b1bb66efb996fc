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
            var password = configuration["Seed:DemoPassword"] is { Length: > 0 } given ? given : DemoDataSeeder.DefaultPassword;
            var added = await seeder.SeedAsync(password, app.Lifetime.ApplicationStopping);
            LogSeeded(logger, added ? "loaded" : "already present");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrations applied")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data {Outcome}")]
    private static partial void LogSeeded(ILogger logger, string outcome);
}
