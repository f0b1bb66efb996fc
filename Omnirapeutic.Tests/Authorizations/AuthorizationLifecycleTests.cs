using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

/// <summary>An authorization is requested from the payer, then approved (perhaps for fewer units) or denied.</summary>
public sealed class AuthorizationLifecycleTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 5, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task ARequestedAuthorization_TakesNoUnitsUnlessTheOrganizationAllowsIt_AndIsThenBookable()
    {
        var requested = await RequestAsync(200);

        var preview = await Scheduler.PreviewAsync(_actor, Booking(requested, 13), Ct);
        var booking = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Booking(requested, 13), cancellationToken: Ct));
        var reserve = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, requested.Id, 4, new DateOnly(2027, 1, 13), cancellationToken: Ct));
        await AllowSchedulingOnRequestedAsync();
        var booked = await Scheduler.BookAsync(_actor, Booking(requested, 13), cancellationToken: Ct);

        Assert.Equal(AuthorizationStatus.Requested, requested.Status);
        Assert.Equal(["authorization-requested"], preview.Conflicts.Select(c => c.Code));
        Assert.Equal((DomainErrorKind.Conflict, "authorization-requested"), (booking.Kind, booking.Code));
        Assert.Equal("authorization-requested", reserve.Code);
        Assert.Equal(4, booked.Units);
        Assert.Equal(4, (await BalanceAsync(requested.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Approve_BelowWhatIsHeld_IsRefusedNamingTheSessions_AndAtOrAboveIt_MakesItActiveWithTheApprovedTotal()
    {
        await AllowSchedulingOnRequestedAsync();
        var requested = await RequestAsync(200);
        await Scheduler.BookAsync(_actor, Booking(requested, 13), cancellationToken: Ct);
        await Scheduler.BookAsync(_actor, Booking(requested, 14), cancellationToken: Ct);

        var below = await Assert.ThrowsAsync<DomainException>(() => Ledger.ApproveAsync(_actor, requested.Id, 6, cancellationToken: Ct));
        var approved = await Ledger.ApproveAsync(_actor, requested.Id, 120, cancellationToken: Ct);
        var again = await Assert.ThrowsAsync<DomainException>(() => Ledger.ApproveAsync(_actor, requested.Id, 150, cancellationToken: Ct));

        Assert.Equal((DomainErrorKind.Conflict, "total-below-committed"), (below.Kind, below.Code));
        Assert.Equal(
            $"Authorization {requested.AuthNumber} holds 8 units (0 used, 8 scheduled in 2 sessions, the first on 2027-01-13); move or cancel sessions worth 2 units before approving 6.",
            below.Message);
        Assert.Equal((AuthorizationStatus.Active, 120, 8), (approved.Status, approved.TotalUnits, approved.ScheduledUnits));
        Assert.Equal("authorization-not-requested", again.Code);
        var history = await _core.Get<AuthorizationDirectory>().HistoryAsync(_actor.OrganizationId, requested.Id, Ct);
        Assert.Contains(history, line => line.Kind == LedgerEntryKind.Adjust && line.TotalDelta == -80);
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
        await using var db = await ContextAsync();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "authorization.approve", Ct);
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal((200, 120), (details.RootElement.GetProperty("requested").GetInt32(), details.RootElement.GetProperty("approved").GetInt32()));
    }

    [Fact]
    public async Task Deny_KeepsTheSessionsAndTheirUnits_ButTheAuthorizationTakesNoMore_AndTheyCanStillBeCancelled()
    {
        await AllowSchedulingOnRequestedAsync();
        var requested = await RequestAsync(200);
        var first = await Scheduler.BookAsync(_actor, Booking(requested, 13), cancellationToken: Ct);

        var pending = (await _core.Get<PatientDirectory>().GetProfileAsync(_actor.OrganizationId, _patientId, Ct)).Upcoming;
        var denied = await Ledger.DenyAsync(_actor, requested.Id, "Medical necessity not shown", cancellationToken: Ct);
        var refused = (await _core.Get<PatientDirectory>().GetProfileAsync(_actor.OrganizationId, _patientId, Ct)).Upcoming;
        var preview = await Scheduler.PreviewAsync(_actor, Booking(requested, 14), Ct);
        var reserve = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, requested.Id, 1, new DateOnly(2027, 1, 14), cancellationToken: Ct));
        var approve = await Assert.ThrowsAsync<DomainException>(() => Ledger.ApproveAsync(_actor, requested.Id, 200, cancellationToken: Ct));
        var cancelled = await Scheduler.CancelAsync(_actor, first.Id, "Payer denied the authorization", cancellationToken: Ct);

        Assert.Equal((AuthorizationStatus.Denied, 4), (denied.Status, denied.ScheduledUnits));
        Assert.Equal(("pending authorization", "no authorization"), (Assert.Single(pending).Flag, Assert.Single(refused).Flag));
        Assert.Contains("authorization-denied", preview.Conflicts.Select(c => c.Code));
        Assert.Equal(("authorization-denied", "authorization-not-requested"), (reserve.Code, approve.Code));
        Assert.Equal(AppointmentStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, (await BalanceAsync(requested.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Reschedule_ToAnotherAuthorizationOfTheSameClientAndCode_MovesEveryUnit_AndAnotherCodeIsRefused()
    {
        var (old, successor) = (await OpenAsync(200, ServiceCode.TreatmentByProtocol), await OpenAsync(100, ServiceCode.TreatmentByProtocol));
        var guidance = await OpenAsync(100, ServiceCode.FamilyGuidance);
        var booked = await Scheduler.BookAsync(_actor, Booking(old, 13), cancellationToken: Ct);

        var moved = await Scheduler.RescheduleAsync(_actor, booked.Id, new RescheduleRequest(booked.Start, booked.End, AuthorizationId: successor.Id), cancellationToken: Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.RescheduleAsync(_actor, booked.Id, new RescheduleRequest(booked.Start, booked.End, AuthorizationId: guidance.Id), cancellationToken: Ct));

        Assert.Equal(successor.Id, moved.AuthorizationId);
        Assert.Equal((0, 4, 0), ((await BalanceAsync(old.Id)).ScheduledUnits, (await BalanceAsync(successor.Id)).ScheduledUnits, (await BalanceAsync(guidance.Id)).ScheduledUnits));
        Assert.Equal((DomainErrorKind.Invalid, "authorization-mismatch"), (refusal.Kind, refusal.Code));
        var directory = _core.Get<AuthorizationDirectory>();
        Assert.Contains((await directory.HistoryAsync(_actor.OrganizationId, old.Id, Ct)), l => l.Kind == LedgerEntryKind.Release && l.Reason == $"Session moved to {successor.AuthNumber}");
        Assert.Contains((await directory.HistoryAsync(_actor.OrganizationId, successor.Id, Ct)), l => l.Kind == LedgerEntryKind.Reserve && l.Reason == $"Session moved from {old.AuthNumber}");
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Open_WithAStatusOtherThanActiveOrRequested_IsRefused()
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.CreateAsync(_actor, new NewAuthorization(
            _patientId, ServiceCode.TreatmentByProtocol, "DENIED-1", new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), 100, Status: AuthorizationStatus.Denied), cancellationToken: Ct));

        Assert.Equal((DomainErrorKind.Invalid, "invalid-status"), (refusal.Kind, refusal.Code));
        Assert.Empty(await _core.Get<AuthorizationDirectory>().ListAsync(_actor.OrganizationId, cancellationToken: Ct));
    }

    private Task<AuthorizationBalance> OpenAsync(int totalUnits, string code) =>
        Ledger.CreateAsync(_actor, new NewAuthorization(
            _patientId, code, $"A-{Guid.NewGuid():N}"[..20], new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), totalUnits), cancellationToken: Ct);

    private Task<AuthorizationBalance> RequestAsync(int totalUnits) =>
        Ledger.CreateAsync(_actor, new NewAuthorization(
            _patientId, ServiceCode.TreatmentByProtocol, $"PENDING-{Guid.NewGuid():N}"[..20], new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), totalUnits,
            Status: AuthorizationStatus.Requested), cancellationToken: Ct);

    private async Task AllowSchedulingOnRequestedAsync()
    {
        var settings = await _core.Get<OrganizationDirectory>().GetSettingsAsync(_actor.OrganizationId, Ct);
        await _core.Get<OrganizationAdministration>().ChangeSettingsAsync(_actor, settings with { AllowSchedulingOnRequested = true }, Ct);
    }

    /// <summary>An hour from 09:00 in New York on a January 2027 day.</summary>
    private BookingRequest Booking(AuthorizationBalance authorization, int day)
    {
        var start = new DateTimeOffset(2027, 1, day, 9, 0, 0, Est);
        return new BookingRequest(_patientId, _rbt, authorization.Id, start, start.AddHours(1));
    }

    private Task<AuthorizationBalance> BalanceAsync(Guid id) => _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, id, Ct);

    private Task<OmnirapeuticDbContext> ContextAsync() =>
        _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, Ct);
}
