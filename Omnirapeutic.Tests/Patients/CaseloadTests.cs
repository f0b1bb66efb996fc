using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Patients;

/// <summary>
/// Caseload access: a practitioner sees and books only the clients they supervise or have a session with in the last
/// 90 days or ahead; admins see everyone, and an organization that turns it off lets practitioners see everyone too.
/// </summary>
public sealed class CaseloadTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 12, 0, 0, Est));
    private readonly Dictionary<Guid, AuthorizationBalance> _authorizations = [];
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Actor _rbt = null!;
    private Actor _bcba = null!;
    private Guid _rbtPractitioner;
    private Guid _supervised;
    private Guid _recent;
    private Guid _coming;
    private Guid _stale;
    private Guid _cancelled;
    private Guid _stranger;

    private Caseload Caseload => _core.Get<Caseload>();

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The clinic's own first patient and six more, each with its own relation to the RBT and the BCBA.</summary>
    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        _admin = await _core.AddClinicWithAdminAsync();
        (var rbt, _rbtPractitioner) = await _core.AddPractitionerUserAsync(_admin, "Riley Tech");
        (var bcba, var bcbaPractitioner) = await _core.AddPractitionerUserAsync(_admin, "Blair Analyst", Credential.BCBA);
        (_rbt, _bcba) = (rbt with { CaseloadOnly = true }, bcba with { CaseloadOnly = true });
        (_supervised, _recent, _coming, _stale, _cancelled, _stranger) = (
            await _core.AddPatientAsync(_admin), await _core.AddPatientAsync(_admin), await _core.AddPatientAsync(_admin),
            await _core.AddPatientAsync(_admin), await _core.AddPatientAsync(_admin), await _core.AddPatientAsync(_admin));
        await _core.Get<PatientRegistry>().SetCaseSupervisorAsync(_admin, _supervised, bcbaPractitioner, Ct);
        await BookAsync(_admin, _stale, new DateTimeOffset(2026, 9, 10, 9, 0, 0, TimeSpan.FromHours(-4)));
        await BookAsync(_admin, _recent, new DateTimeOffset(2026, 12, 20, 9, 0, 0, Est));
        await BookAsync(_admin, _coming, new DateTimeOffset(2027, 1, 20, 9, 0, 0, Est));
        var cancelled = await BookAsync(_admin, _cancelled, new DateTimeOffset(2027, 1, 21, 9, 0, 0, Est));
        await Scheduler.CancelAsync(_admin, cancelled.Id, "Family moved", cancellationToken: Ct);
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task ClientsOf_APractitioner_AreThoseTheySuperviseOrHadASessionWithLately_OrWillHave()
    {
        Assert.Equal(new[] { _coming, _recent }.Order(), (await Caseload.ClientsOfAsync(_rbt, Ct))!.Order());
        Assert.Equal([_supervised], await Caseload.ClientsOfAsync(_bcba, Ct));
        Assert.Null(await Caseload.ClientsOfAsync(_admin, Ct));
    }

    [Fact]
    public async Task ListFor_APractitioner_ListsOnlyTheirCaseload_AndAnAdminEveryone()
    {
        var directory = _core.Get<PatientDirectory>();

        Assert.Equal(new[] { _coming, _recent }.Order(), (await directory.ListForAsync(_rbt, cancellationToken: Ct)).Select(p => p.Id).Order());
        Assert.Equal(7, (await directory.ListForAsync(_admin, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Booking_AClientOffTheirCaseload_IsNotFoundAndSavesNothing_WhileTheirOwnClientBooks()
    {
        var start = new DateTimeOffset(2027, 1, 22, 13, 0, 0, Est);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => BookAsync(_rbt, _stranger, start));
        var preview = await Assert.ThrowsAsync<DomainException>(() => Scheduler.PreviewAsync(_rbt, Request(_stranger, start), Ct));
        var booked = await BookAsync(_rbt, _coming, start);

        Assert.Equal((DomainErrorKind.NotFound, DomainErrorKind.NotFound), (refusal.Kind, preview.Kind));
        Assert.Equal(AppointmentStatus.Scheduled, booked.Status);
        Assert.Empty(await _core.Get<AppointmentBook>().ListAsync(_admin.OrganizationId, start.AddDays(-1), start.AddDays(1), null, _stranger, Ct));
    }

    [Fact]
    public async Task EnsureVisible_OffTheCaseload_AnswersNotFoundAsAnotherOrganizationsClientDoes()
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Caseload.EnsureVisibleAsync(_rbt, _stale, Ct));

        Assert.Equal(DomainException.NotFound("patient").Message, refusal.Message);
        await Caseload.EnsureVisibleAsync(_rbt, _recent, Ct);
        await Caseload.EnsureVisibleAsync(_admin, _stranger, Ct);
    }

    [Fact]
    public async Task WithCaseloadAccessTurnedOff_APractitionerSeesEveryClient()
    {
        await _core.Get<OrganizationSecurity>().SetAsync(_admin, new SecuritySettings(TwoFactorPolicy.Off, CaseloadAccess: false), Ct);

        Assert.Null(await Caseload.ClientsOfAsync(_rbt, Ct));
        Assert.Equal(7, (await _core.Get<PatientDirectory>().ListForAsync(_rbt, cancellationToken: Ct)).Count);
    }

    private async Task<AppointmentView> BookAsync(Actor actor, Guid patientId, DateTimeOffset start)
    {
        var authorization = await AuthorizationOfAsync(patientId);
        return await Scheduler.BookAsync(actor, Request(patientId, start) with { AuthorizationId = authorization.Id }, cancellationToken: Ct);
    }

    private BookingRequest Request(Guid patientId, DateTimeOffset start) => new(patientId, _rbtPractitioner, Guid.Empty, start, start.AddHours(1));

    private async Task<AuthorizationBalance> AuthorizationOfAsync(Guid patientId)
    {
        if (!_authorizations.TryGetValue(patientId, out var authorization))
        {
            authorization = await _core.AddAuthorizationAsync(_admin, patientId, 400, ServiceCode.TreatmentByProtocol, new DateOnly(2026, 9, 1), new DateOnly(2027, 6, 30));
            _authorizations[patientId] = authorization;
        }

        return authorization;
    }
}
