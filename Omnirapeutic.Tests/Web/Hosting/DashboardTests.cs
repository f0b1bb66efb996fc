using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Telemetry;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary>deploy/grafana's dashboard against what the app's /metrics really serves, once every instrument has a value.</summary>
public sealed partial class DashboardTests(PostgresServer postgres)
{
    [Fact]
    public async Task TheDashboard_ChartsEveryInstrumentOfTheApp_UnderItsMetricsName_AndNothingItDoesNotServe()
    {
        // By name: every service provider in this test process (other tests' apps too) has its own meter of that name.
        var instruments = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == OmnirapeuticMetrics.MeterName)
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument.Name);
                    }
                }
            },
        };
        // On Kestrel, whose connection instruments exist only there.
        await using var app = await OmnirapeuticWebApplicationFactory.StartOnKestrelAsync(postgres);
        var metrics = app.Services.GetRequiredService<OmnirapeuticMetrics>();
        var live = app.Services.GetRequiredService<LiveMetrics>();
        listener.Start();

        // One value for every instrument, so the exporter serves each.
        metrics.UnitOperation("reserve", "succeeded", TimeSpan.FromMilliseconds(3));
        metrics.LedgerBatch(2, TimeSpan.FromMilliseconds(2));
        metrics.LedgerBatchIsolated();
        metrics.LaneWaited(TimeSpan.FromMilliseconds(1));
        metrics.Retried("contention");
        metrics.GaveUp("contention");
        metrics.NotificationsSent(1);
        live.Received();
        live.Reconnected();
        live.HubConnected();
        var client = app.CreateClient();
        await client.GetStringAsync("/health/live", TestContext.Current.CancellationToken);
        var scrape = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var served = Served(scrape);

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards", "omnirapeutic.json"), TestContext.Current.CancellationToken));
        var charted = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => Family(m.Value)))
            .ToHashSet(StringComparer.Ordinal);
        var ours = served.Where(m => m.StartsWith("omnirapeutic_", StringComparison.Ordinal)).ToList();

        Assert.Equal(instruments.Count, ours.Count);
        Assert.Equal(ours.Order(StringComparer.Ordinal), charted.Where(m => m.StartsWith("omnirapeutic_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Empty(charted.Except(served));
    }

    /// <summary>The metric families of a Prometheus text scrape: a histogram's _bucket, _sum and _count are one.</summary>
    private static HashSet<string> Served(string scrape) =>
        scrape.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Family(line.Split('{', ' ')[0]))
            .ToHashSet(StringComparer.Ordinal);

    private static string Family(string name) => Regex.Replace(name, "_(bucket|sum|count)$", "");

    [GeneratedRegex(@"\b(omnirapeutic|http_server|kestrel)_[a-z_]+\b")]
    private static partial Regex MetricName();
}
