using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Web.Hosting;

/// <summary>Runs <see cref="ExpiredRecords.PurgeAsync"/> every <c>Retention:PurgeInterval</c> (an hour by default) on each node.</summary>
internal sealed partial class ExpiredRecordsPurge(ExpiredRecords records, IConfiguration configuration, TimeProvider time, ILogger<ExpiredRecordsPurge> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(configuration.GetValue("Retention:PurgeInterval", TimeSpan.FromHours(1)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                LogPurged(logger, await records.PurgeAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a database that is away now is no reason to stop purging for good.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} expired records")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired records failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
