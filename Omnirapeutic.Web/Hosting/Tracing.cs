using System.Globalization;
using Npgsql;
using Omnirapeutic.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// OpenTelemetry traces, exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (otherwise no span is
/// even created): each API request, page request and Blazor event (ASP.NET Core's own sources), the app's lane batch,
/// transaction, lane wait and live fan-out, and every SQL command (Npgsql's). Spans carry ids, routes, SQL with its
/// placeholders and counts: query strings are dropped and parameter values never recorded.
/// </summary>
internal static class Tracing
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string SampleRatioSetting = "Tracing:SampleRatio";

    /// <summary>Paths whose requests are not worth a trace: probes, scrapes, static files and the circuit's own long-lived socket.</summary>
    private static readonly PathString[] Untraced = ["/health", "/metrics", "/_framework", "/_content", "/_blazor", "/favicon.png"];

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointSetting]);

    public static void AddTracing(this WebApplicationBuilder builder, IOpenTelemetryBuilder openTelemetry)
    {
        if (!IsConfigured(builder.Configuration))
        {
            return;
        }

        var ratio = builder.Configuration.GetValue(SampleRatioSetting, 1.0);
        if (ratio is < 0 or > 1)
        {
            throw new InvalidOperationException(
                $"{SampleRatioSetting} is {ratio.ToString(CultureInfo.InvariantCulture)}: give the share of requests to trace, from 0 to 1.");
        }

        openTelemetry.WithTracing(tracing => tracing
            .AddOmnirapeuticTracing()
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
            .AddOtlpExporter());

        // Every log line names the trace it was written in: on the console (its scopes) and in the collector.
        builder.Logging.AddSimpleConsole(console => console.IncludeScopes = true);
        builder.Logging.AddOpenTelemetry(logs => logs.AddOtlpExporter());
    }

    /// <summary>What the app traces, for any exporter (the tests' in-memory one too).</summary>
    public static TracerProviderBuilder AddOmnirapeuticTracing(this TracerProviderBuilder tracing) => tracing
        .AddSource(OmnirapeuticTracing.SourceName, "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits")
        .AddAspNetCoreInstrumentation(options =>
        {
            options.Filter = context => !Array.Exists(Untraced, path => context.Request.Path.StartsWithSegments(path));

            // Every message of a Blazor circuit (render acknowledgements too) is a hub call: the Blazor sources trace
            // what a user did instead.
            options.EnableAspNetCoreSignalRSupport = false;

            // A client search or a sign-in return URL can carry PHI in the query: the path and route are enough.
            options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
        })
        .AddNpgsql();
}
