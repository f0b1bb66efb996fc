using System.Diagnostics.Metrics;
using Omnirapeutic.Core.Telemetry;

namespace Omnirapeutic.Web.Live;

/// <summary>The live-update instruments, on the app's meter.</summary>
internal sealed class LiveMetrics
{
    private readonly Counter<long> _received;
    private readonly Counter<long> _reconnects;
    private readonly UpDownCounter<long> _hubConnections;

    public LiveMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(OmnirapeuticMetrics.MeterName);
        _received = meter.CreateCounter<long>("omnirapeutic.notifications.received", "{notification}", "Balance notifications this node heard.");
        _reconnects = meter.CreateCounter<long>("omnirapeutic.listener.reconnects", "{reconnect}", "Times the notification listener connected again.");
        _hubConnections = meter.CreateUpDownCounter<long>("omnirapeutic.hub.connections", "{connection}", "Open /hubs/balances connections.");
    }

    public void Received() => _received.Add(1);

    public void Reconnected() => _reconnects.Add(1);

    public void HubConnected() => _hubConnections.Add(1);

    public void HubDisconnected() => _hubConnections.Add(-1);
}
