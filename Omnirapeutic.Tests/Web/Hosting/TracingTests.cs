using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Telemetry;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary>The app's tracing, with an in-memory exporter in place of OTLP, on a booking made through the API.</summary>
public sealed class TracingTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly Exported _spans = new();
    private readonly SpansEnded _ended = new();
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() =>
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres, services: services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddOmnirapeuticTracing().AddInMemoryExporter(_spans).AddProcessor(_ended)));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ABooking_IsOneTrace_FromTheRequestThroughTheLaneAndItsSqlToTheFanOut_WithNoPhi()
    {
        var clinic = await DemoClinic.LoadAsync(_app);
        var patients = await clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/patients", TestContext.Current.CancellationToken);
        var patient = patients![0];
        var name = patient.GetProperty("name").GetString()!;
        var patientId = patient.GetProperty("id").GetGuid();
        var trace = ActivityTraceId.CreateRandom();
        var ended = _ended.WaitFor(trace, OmnirapeuticTracing.FanOut, "POST /api/v1/appointments", "GET /api/v1/patients");

        using var booking = new HttpRequestMessage(HttpMethod.Post, "/api/v1/appointments")
        {
            Content = JsonContent.Create(new
            {
                patientId,
                practitionerId = clinic.PractitionersByEmail["rbt1@orga.example"],
                authorizationId = clinic.AuthorizationOf(patientId, "97153").Id,
                start = DemoClinic.NextWeekAt(8),
                end = DemoClinic.NextWeekAt(9),
            }),
        };
        booking.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await clinic.Client.SendAsync(booking, TestContext.Current.CancellationToken);
        using var search = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/patients?search={Uri.EscapeDataString(name.Split(' ')[^1])}");
        search.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.OK, (await clinic.Client.SendAsync(search, TestContext.Current.CancellationToken)).StatusCode);
        await ended.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spans = _spans.Of(trace);

        var request = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("url.path") as string == "/api/v1/appointments");
        var batch = Assert.Single(spans, s => s.OperationName == OmnirapeuticTracing.LaneBatch);
        var transaction = Assert.Single(spans, s => s.OperationName == OmnirapeuticTracing.Transaction && s.ParentSpanId == batch.SpanId);
        var wait = Assert.Single(spans, s => s.OperationName == OmnirapeuticTracing.LaneWait);
        var fanOut = Assert.Single(spans, s => s.OperationName == OmnirapeuticTracing.FanOut);
        Assert.Equal(request.SpanId, batch.ParentSpanId);
        Assert.Equal(1, batch.GetTagItem(OmnirapeuticTracing.BatchSizeTag));
        Assert.Equal("book", batch.GetTagItem(OmnirapeuticTracing.BatchKindsTag));
        Assert.Equal(0, transaction.GetTagItem(OmnirapeuticTracing.RetriesTag));
        Assert.Equal(1, transaction.GetTagItem(OmnirapeuticTracing.BatchSizeTag));
        Assert.Equal(transaction.SpanId, wait.ParentSpanId);
        Assert.Equal(transaction.SpanId, fanOut.ParentSpanId);
        var sql = spans.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.Contains(sql, s => s.ParentSpanId == wait.SpanId);
        Assert.True(sql.Count(s => s.ParentSpanId == transaction.SpanId) >= 3, "the batch's reads, its writes and its notification are each a span");
        Assert.Contains(sql, s => s.ParentSpanId == fanOut.SpanId);

        // Nothing a span carries names the client: not the booked one's name, nor the name searched for.
        var searchSpan = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("url.path") as string == "/api/v1/patients");
        Assert.Null(searchSpan.GetTagItem("url.query"));
        foreach (var span in spans)
        {
            var carried = span.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}")).Append(span.DisplayName));
            foreach (var part in name.Split(' '))
            {
                Assert.DoesNotContain(carried, value => value.Contains(part, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public async Task WithACollectorConfigured_TheAppTraces_AndABadSampleRatioStopsItStarting()
    {
        await using var traced = await OmnirapeuticWebApplicationFactory.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            [Tracing.EndpointSetting] = "http://127.0.0.1:4317",
            [Tracing.SampleRatioSetting] = "0.25",
        });
        await using var badRatio = new OmnirapeuticWebApplicationFactory(
            await postgres.CreateMigratedDatabaseAsync(), "Development", new Dictionary<string, string?>
            {
                [Tracing.EndpointSetting] = "http://127.0.0.1:4317",
                [Tracing.SampleRatioSetting] = "1.5",
            });

        Assert.NotNull(traced.Services.GetService<TracerProvider>());
        var refusal = Assert.Throws<InvalidOperationException>(badRatio.StartServer);
        Assert.Contains("Tracing:SampleRatio is 1.5", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What the in-memory exporter is given, safe to read while it adds: its provider hears every test's spans in this
    /// process, so spans keep arriving while a test reads its own.
    /// </summary>
    private sealed class Exported : Collection<Activity>
    {
        private readonly Lock _gate = new();

        public List<Activity> Of(ActivityTraceId trace)
        {
            lock (_gate)
            {
                return this.Where(s => s.TraceId == trace).ToList();
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }
    }

    /// <summary>Completes when every span named (operation name or display name) of one trace has ended.</summary>
    private sealed class SpansEnded : BaseProcessor<Activity>
    {
        private readonly Lock _gate = new();
        private ActivityTraceId _trace;
        private HashSet<string> _waiting = [];
        private TaskCompletionSource _done = new();

        public Task WaitFor(ActivityTraceId trace, params string[] names)
        {
            lock (_gate)
            {
                _trace = trace;
                _waiting = [.. names];
                _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _done.Task;
            }
        }

        public override void OnEnd(Activity data)
        {
            lock (_gate)
            {
                if (data.TraceId == _trace && (_waiting.Remove(data.OperationName) | _waiting.Remove(data.DisplayName.TrimEnd('/'))) && _waiting.Count == 0)
                {
                    _done.TrySetResult();
                }
            }
        }
    }
}
