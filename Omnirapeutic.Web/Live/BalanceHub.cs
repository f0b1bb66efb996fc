using Microsoft.AspNetCore.SignalR;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// <c>/hubs/balances</c>: live balances for clients outside the browser app, signed in by bearer token or cookie.
/// A connection joins its organization's group only, so it never hears
/// another organization's changes.
/// </summary>
internal sealed class BalanceHub(LiveMetrics metrics) : Hub
{
    public static string GroupOf(Guid organizationId) => $"org:{organizationId}";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(Context.User!.GetOrganizationId()));
        metrics.HubConnected();
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.HubDisconnected();
        return base.OnDisconnectedAsync(exception);
    }
}
