using Omnirapeutic.Core.Auditing;

namespace Omnirapeutic.Web.Hosting;

/// <summary>This node's writer of <see cref="AccessLog"/>: batches inserted off the request path, the rest written on shutdown.</summary>
internal sealed partial class AccessLogWriter(AccessLog log, ILogger<AccessLogWriter> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        log.WriteAsync(e => LogFailed(logger, e), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing access events failed; they stay queued and are tried again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
