using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// Turns heard notifications into updates: coalesces a burst per authorization (the newest version wins),
/// reads each balance once after the commit, and hands it to the Blazor notifier and the hub group.
/// </summary>
internal sealed class BalanceFanOut(
    AuthorizationDirectory directory,
    BalanceNotifier notifier,
    IHubContext<BalanceHub> hub,
    LiveMetrics metrics)
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

            foreach (var organization in newest.Values.GroupBy(c => c.OrganizationId))
            {
                var balances = await directory.GetManyAsync(organization.Key, [.. organization.Select(c => c.AuthorizationId)], cancellationToken);
                foreach (var balance in balances)
                {
                    await notifier.PublishAsync(new BalanceUpdate(organization.Key, balance));
                    await hub.Clients.Group(BalanceHub.GroupOf(organization.Key))
                        .SendAsync(BalanceChangedMessage.Method, BalanceChangedMessage.Of(balance), cancellationToken);
                }
            }
        }
    }

    public Task ResynchronizeAsync() => notifier.ResynchronizeAsync();
}
