using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// One dedicated connection per node LISTENs for committed balance changes. It only enqueues (the handler runs
/// on the connection's thread); after the connection drops (a database restart, a killed backend) it
/// reconnects with backoff and tells subscribers to re-read what they show.
/// </summary>
internal sealed partial class BalanceListener(
    IConfiguration configuration,
    BalanceFanOut fanOut,
    LiveMetrics metrics,
    ILogger<BalanceListener> logger) : BackgroundService
{
    public const string ApplicationName = "omnirapeutic-listener";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heard = Channel.CreateUnbounded<BalanceChanged>(new UnboundedChannelOptions { SingleReader = true });
        var fanningOut = fanOut.RunAsync(heard.Reader, stoppingToken);
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(Core.Data.DatabaseOptions.ConnectionStringName))
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = ApplicationName,
        }.ConnectionString;
        var retry = FirstRetry;
        var listenedBefore = false;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) =>
                {
                    if (JsonSerializer.Deserialize<BalanceChanged>(e.Payload) is { } change)
                    {
                        heard.Writer.TryWrite(change);
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {BalanceChanged.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (listenedBefore)
                {
                    metrics.Reconnected();
                    LogReconnected(logger);
                    fanOut.Resynchronize();
                }

                listenedBefore = true;
                retry = FirstRetry;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or JsonException or InvalidOperationException)
            {
                LogLost(logger, e.GetType().Name, retry.TotalSeconds);
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                retry = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, retry.Ticks * 2));
            }
        }

        heard.Writer.Complete();
        try
        {
            await fanningOut;
        }
        catch (OperationCanceledException)
        {
            // Shutting down: whatever was still queued is for browsers that are closing too.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Balance listener lost its connection ({Error}); retrying in {Seconds} s")]
    private static partial void LogLost(ILogger logger, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Balance listener reconnected; subscribers re-read")]
    private static partial void LogReconnected(ILogger logger);
}
