using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Auditing;

/// <summary>Access events queued on the request path and written by one writer in batches, none lost on the way down.</summary>
public sealed class AccessLogTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Guid _client;
    private readonly List<Exception> _failures = [];

    private AccessLog Log => _core.Get<AccessLog>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_admin, _client) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Record_ThenFlush_WritesEveryEventAsAnAccess()
    {
        using var stopping = new CancellationTokenSource();
        var writer = Log.WriteAsync(_failures.Add, stopping.Token);
        for (var i = 0; i < 1_200; i++)
        {
            await Log.RecordAsync(_admin, "patient.view", "patient", _client.ToString(), new { view = "profile" }, Ct);
        }

        await Log.FlushAsync(Ct);

        var events = await EventsAsync();
        Assert.Equal(1_200, events.Count);
        Assert.All(events, e => Assert.Equal((AuditEventKind.Access, _admin.UserId, "{\"view\": \"profile\"}"), (e.Kind, e.ActorUserId, e.Details)));
        await stopping.CancelAsync();
        await writer;
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task Stopping_WritesWhatIsStillQueued()
    {
        for (var i = 0; i < 30; i++)
        {
            await Log.RecordAsync(_admin, "patient.view", "patient", _client.ToString(), cancellationToken: Ct);
        }

        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();
        await Log.WriteAsync(_failures.Add, stopped.Token);

        Assert.Equal(30, (await EventsAsync()).Count);
        Assert.Empty(_failures);
    }

    private async Task<List<AuditEvent>> EventsAsync()
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_admin.OrganizationId, Ct);
        return await db.AuditEvents.Where(e => e.Action == "patient.view").ToListAsync(Ct);
    }
}
