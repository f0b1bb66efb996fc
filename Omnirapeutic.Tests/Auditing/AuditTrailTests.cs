using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Auditing;

/// <summary>The admins' audit trail: a client's events through their authorizations and sessions, filters that combine, paging, the audited export.</summary>
public sealed class AuditTrailTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 8, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Guid _client;
    private Guid _otherClient;

    private AuditTrail Trail => _core.Get<AuditTrail>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        _admin = await _core.AddClinicWithAdminAsync();
        _client = await _core.AddPatientAsync(_admin);
        _otherClient = await _core.AddPatientAsync(_admin);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Search_ByClient_FindsTheirRecordTheirAuthorizationsAndTheirSessionsOnly()
    {
        var theirs = await _core.AddAuthorizationAsync(_admin, _client, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        var others = await _core.AddAuthorizationAsync(_admin, _otherClient, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        var rbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        var start = new DateTimeOffset(2027, 1, 13, 9, 0, 0, Est);
        var session = await _core.Get<AppointmentScheduler>().BookAsync(_admin, new BookingRequest(_client, rbt, theirs.Id, start, start.AddHours(1)), cancellationToken: Ct);
        await AddAsync(AuditEventKind.Access, "patient.view", "patient", _client);
        await AddAsync(AuditEventKind.Access, "patient.view", "patient", _otherClient);

        var page = await Trail.SearchAsync(_admin.OrganizationId, new AuditQuery { PatientId = _client }, Ct);

        Assert.Equal(page.Items.Count, page.TotalCount);
        Assert.Contains(page.Items, e => e.Action == "authorization.reserve" && e.EntityId == theirs.Id.ToString());
        Assert.Contains(page.Items, e => e.Action == "appointment.book" && e.EntityId == session.Id.ToString());
        Assert.Contains(page.Items, e => e.Action == "patient.view" && e.EntityId == _client.ToString());
        Assert.DoesNotContain(page.Items, e => e.EntityId == others.Id.ToString() || e.EntityId == _otherClient.ToString());
        Assert.All(page.Items, e => Assert.Equal("First Admin", e.UserName));
    }

    [Fact]
    public async Task Search_ByUserKindActionAndDays_CombinesTheFilters_DaysInTheClinicsTimeZone()
    {
        var colleague = _admin with { UserId = Guid.NewGuid() };
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 10, 4, 30, 0, TimeSpan.Zero));
        await AddAsync(AuditEventKind.Access, "patient.view", "patient", _client);
        await AddAsync(AuditEventKind.Change, "patient.update", "patient", _client);
        await AddAsync(AuditEventKind.Access, "patient.view", "patient", _client, colleague);
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 10, 5, 30, 0, TimeSpan.Zero));
        await AddAsync(AuditEventKind.Access, "patient.search", "patient-list", null);

        var january9 = await Trail.SearchAsync(_admin.OrganizationId, new AuditQuery
        {
            UserId = _admin.UserId, Kind = AuditEventKind.Access, From = new DateOnly(2027, 1, 9), To = new DateOnly(2027, 1, 9),
        }, Ct);
        var january10 = await Trail.SearchAsync(_admin.OrganizationId, new AuditQuery { UserId = _admin.UserId, From = new DateOnly(2027, 1, 10), To = new DateOnly(2027, 1, 10) }, Ct);
        var patientActions = await Trail.SearchAsync(_admin.OrganizationId, new AuditQuery { UserId = _admin.UserId, Action = "patient." }, Ct);

        Assert.Equal(["patient.view"], january9.Items.Select(e => e.Action));
        Assert.Equal(["patient.search"], january10.Items.Select(e => e.Action));
        Assert.Equal(["patient.search", "patient.update", "patient.view"], patientActions.Items.Select(e => e.Action).Order());
    }

    [Fact]
    public async Task Search_PagesNewestFirst_WithTheTotalOfEveryPage()
    {
        for (var i = 0; i < 7; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            await AddAsync(AuditEventKind.Access, $"test.step-{i}", "patient", _otherClient);
        }

        var second = await Trail.SearchAsync(_admin.OrganizationId, new AuditQuery { PatientId = _otherClient, Page = 1, PageSize = 3 }, Ct);

        Assert.Equal(7, second.TotalCount);
        Assert.Equal(["test.step-3", "test.step-2", "test.step-1"], second.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task Search_OfAnotherOrganization_SeesNoneOfThisOnesEvents()
    {
        await AddAsync(AuditEventKind.Access, "patient.view", "patient", _client);
        var (stranger, _) = await _core.AddClinicAsync();

        var page = await Trail.SearchAsync(stranger.OrganizationId, new AuditQuery { PatientId = _client }, Ct);

        Assert.Equal(0, page.TotalCount);
    }

    [Theory]
    [InlineData(0, 50, 2027, 1, 10, 2027, 1, 9, "invalid-range")]
    [InlineData(0, 0, null, null, null, null, null, null, "invalid-page")]
    [InlineData(-1, 50, null, null, null, null, null, null, "invalid-page")]
    [InlineData(0, 201, null, null, null, null, null, null, "invalid-page")]
    [InlineData(0, 50, 1999, 12, 31, null, null, null, "date-out-of-range")]
    public async Task Search_WithBadFilters_IsRefused(int pageNumber, int pageSize, int? fromYear, int? fromMonth, int? fromDay, int? toYear, int? toMonth, int? toDay, string code)
    {
        var query = new AuditQuery
        {
            Page = pageNumber,
            PageSize = pageSize,
            From = fromYear is null ? null : new DateOnly(fromYear.Value, fromMonth!.Value, fromDay!.Value),
            To = toYear is null ? null : new DateOnly(toYear.Value, toMonth!.Value, toDay!.Value),
        };

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Trail.SearchAsync(_admin.OrganizationId, query, Ct));

        Assert.Equal((code, DomainErrorKind.Invalid), (refusal.Code, refusal.Kind));
    }

    [Fact]
    public async Task Export_ReadsEveryMatch_AndRecordingItWritesAnAccessEventWithTheFiltersNotPhi()
    {
        for (var i = 0; i < 3; i++)
        {
            await AddAsync(AuditEventKind.Access, "patient.view", "patient", _client);
        }

        var query = new AuditQuery { PatientId = _client, PageSize = 1 };
        var rows = await Trail.ExportAsync(_admin.OrganizationId, query, Ct).CountAsync(Ct);
        await Trail.RecordExportAsync(_admin, query, rows, Ct);

        Assert.Equal(3, rows);
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_admin.OrganizationId, Ct);
        var export = await db.AuditEvents.SingleAsync(e => e.Action == "audit.export", Ct);
        Assert.Equal((AuditEventKind.Access, _admin.UserId), (export.Kind, export.ActorUserId));
        Assert.Contains("\"rows\": 3", export.Details);
        Assert.Contains(_client.ToString(), export.Details);
        Assert.DoesNotContain("Other", export.Details);
    }

    private async Task AddAsync(AuditEventKind kind, string action, string entityType, Guid? entityId, Actor? actor = null)
    {
        var by = actor ?? _admin;
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        db.AuditEvents.Add(new AuditEvent(kind, by.OrganizationId, by.UserId, action, entityType, entityId?.ToString() ?? string.Empty, null, _clock.GetUtcNow()));
        await db.SaveChangesAsync(Ct);
    }
}
