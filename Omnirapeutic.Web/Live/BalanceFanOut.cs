using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Telemetry;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// Turns heard notifications into updates: coalesces a burst per authorization (the newest version wins),
/// reads each balance once after the commit, and hands it to the Blazor notifier and the hub group. It never
/// stops on a failed read.
/// </summary>
internal sealed partial class BalanceFanOut(
    AuthorizationDirectory directory,
    BalanceNotifier notifier,
    IHubContext<BalanceHub> hub,
    LiveMetrics metrics,
    ILogger<BalanceFanOut> logger)
{
    public async Task RunAsync(ChannelReader<BalanceChanged> heard, CancellationToken cancellationToken)
    {
        while (await heard.WaitToReadAsync(cancellationToken))
        {
            var newest = new Dictionary<Guid, BalanceChanged>();
            while (heard.TryRead(out var change))
            {
                metrics.Received();
                if (!newest.TryGetValue(change.AuthorizationId, out var seen) || seen.Version < change.Version)
                {
                    newest[change.AuthorizationId] = change;
                }
            }

            // A read can fail once on a stale pooled connection after a database restart; the pool then drops it,
            // so the next attempt reads on a fresh one. If every attempt fails, subscribers re-read instead.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await PublishAsync(newest.Values, cancellationToken);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPublishFailed(logger, e, attempt);
                    if (attempt == 3)
                    {
                        notifier.Resynchronize();
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// One span per burst, in the trace of the first traced transaction that changed these balances and linked to
    /// the others', so a booking's trace shows every node's fan-out of it.
    /// </summary>
    private async Task PublishAsync(IReadOnlyCollection<BalanceChanged> changes, CancellationToken cancellationToken)
    {
        var traces = changes.Select(c => ActivityContext.TryParse(c.Trace, null, isRemote: true, out var context) ? context : default)
            .Where(c => c != default).Distinct().ToList();
        using var activity = OmnirapeuticTracing.Source.StartActivity(
            OmnirapeuticTracing.FanOut, ActivityKind.Consumer, traces.FirstOrDefault(), links: traces.Skip(1).Select(c => new ActivityLink(c)));
        activity?.SetTag(OmnirapeuticTracing.ChangesTag, changes.Count);
        foreach (var organization in changes.GroupBy(c => c.OrganizationId))
        {
            if (organization.Any(c => c.CalendarsOnly))
            {
                notifier.Resynchronize(organization.Key);
            }

            var balances = await directory.GetManyAsync(organization.Key, [.. organization.Where(c => !c.CalendarsOnly).Select(c => c.AuthorizationId)], cancellationToken);
            foreach (var balance in balances)
            {
                notifier.Publish(new BalanceUpdate(organization.Key, balance));
                await hub.Clients.Group(BalanceHub.GroupOf(organization.Key))
                    .SendAsync(BalanceChangedMessage.Method, BalanceChangedMessage.Of(balance), cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing balance changes failed (attempt {Attempt} of 3)")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int attempt);

    public void Resynchronize() => notifier.Resynchronize();
}
