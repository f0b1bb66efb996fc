using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Telemetry;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary>deploy/grafana's dashboard against the instruments the app really publishes, named as /metrics names them.</summary>
public sealed partial class DashboardTests(PostgresServer postgres)
{
    [Fact]
    public async Task TheDashboard_ChartsEveryInstrumentOfTheApp_AndNoMetricItDoesNotExport()
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == OmnirapeuticMetrics.MeterName)
                {
                    lock (published)
                    {
                        published.Add(PrometheusName(instrument));
                    }
                }
            },
        };
        await using var app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        app.Services.GetRequiredService<OmnirapeuticMetrics>();
        app.Services.GetRequiredService<LiveMetrics>();
        listener.Start();

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(RepositoryRoot.Path, "deploy", "grafana", "dashboards", "omnirapeutic.json"), TestContext.Current.CancellationToken));
        var charted = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => Regex.Replace(m.Value, "_(bucket|sum|count)$", "")))
            .ToHashSet(StringComparer.Ordinal);
        string[] aspNetCore = ["http_server_request_duration_seconds", "http_server_active_requests", "kestrel_active_connections"];

        Assert.Equal(published.Order(StringComparer.Ordinal), charted.Where(m => m.StartsWith("omnirapeutic_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(aspNetCore.Order(StringComparer.Ordinal), charted.Where(m => !m.StartsWith("omnirapeutic_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    /// <summary>OpenTelemetry's Prometheus names: dots to underscores, seconds as a suffix, counters ending in _total.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        if (instrument.Unit == "s")
        {
            name += "_seconds";
        }

        var monotonic = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>);
        return monotonic ? name + "_total" : name;
    }

    [GeneratedRegex(@"\b(omnirapeutic|http_server|kestrel)_[a-z_]+\b")]
    private static partial Regex MetricName();
}
