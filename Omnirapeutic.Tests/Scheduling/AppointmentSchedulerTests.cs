using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Scheduling;

public sealed class AppointmentSchedulerTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateOnly From = new(2027, 1, 1);
    private static readonly DateOnly To = new(2027, 6, 30);

    /// <summary>The day before the sessions of <see cref="At"/>, at noon in New York.</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;
    private Guid _bcba;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        _bcba = await _core.AddPractitionerAsync(_actor, Credential.BCBA);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Book_ReservesTheSessionsUnitsWithTheAppointmentInTheLedger()
    {
        var authorization = await TreatmentAsync(50);

        var booked = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 15, 0, 60), cancellationToken: Ct);

        Assert.Equal((4, AppointmentStatus.Scheduled), (booked.Units, booked.Status));
        Assert.Equal(4, (await BalanceAsync(authorization.Id)).ScheduledUnits);
        await using var db = await ContextAsync();
        var entry = await db.UnitLedger.SingleAsync(e => e.AppointmentId == booked.Id, Ct);
        Assert.Equal((LedgerEntryKind.Reserve, 4), (entry.Kind, entry.Units));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.EntityId == booked.Id.ToString() && e.Action == "appointment.book", Ct));
    }

    [Fact]
    public async Task Book_AnRbtOnProtocolModification_IsRefusedButABcbaMayDeliverIt()
    {
        var supervision = await _core.AddAuthorizationAsync(_actor, _patientId, 50, ServiceCode.ProtocolModification, From, To);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Session(supervision.Id, _rbt, 9, 0, 60), cancellationToken: Ct));
        var booked = await Scheduler.BookAsync(_actor, Session(supervision.Id, _bcba, 9, 0, 60), cancellationToken: Ct);

        Assert.Equal((DomainErrorKind.Conflict, "credential-not-allowed"), (refusal.Kind, refusal.Code));
        Assert.Contains("RBT credential may not deliver 97155", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await BalanceAsync(supervision.Id)).ScheduledUnits);
        Assert.Equal(4, booked.Units);
    }

    [Fact]
    public async Task Book_OutsideTheAuthorizationsDates_IsRefused()
    {
        var authorization = await TreatmentAsync(50);
        var after = new BookingRequest(_patientId, _rbt, authorization.Id, new DateTimeOffset(2027, 7, 1, 15, 0, 0, TimeSpan.FromHours(-4)), new DateTimeOffset(2027, 7, 1, 16, 0, 0, TimeSpan.FromHours(-4)));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, after, cancellationToken: Ct));

        Assert.Equal("outside-authorization-dates", refusal.Code);
        Assert.Contains("covers 2027-01-01 to 2027-06-30; this session is on 2027-07-01", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Book_WhenTheAuthorizationLacksTheUnits_IsRefusedWithTheNumbers()
    {
        var authorization = await TreatmentAsync(6);
        await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 9, 0, 60), cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 11, 0, 60), cancellationToken: Ct));

        Assert.Equal("insufficient-units", refusal.Code);
        Assert.Contains("has 2 units available; this session needs 4", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Book_OverlappingThePractitionersSession_IsRefusedButBackToBackIsFine()
    {
        var authorization = await TreatmentAsync(200);
        var otherPatient = await _core.AddPatientAsync(_actor);
        var otherAuthorization = await _core.AddAuthorizationAsync(_actor, otherPatient, 200, ServiceCode.TreatmentByProtocol, From, To);
        await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 15, 0, 60), cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.BookAsync(_actor, Session(otherAuthorization.Id, _rbt, 15, 30, 60) with { PatientId = otherPatient }, cancellationToken: Ct));
        var backToBack = await Scheduler.BookAsync(_actor, Session(otherAuthorization.Id, _rbt, 16, 0, 60) with { PatientId = otherPatient }, cancellationToken: Ct);

        Assert.Equal("practitioner-double-booked", refusal.Code);
        Assert.Equal("The practitioner already has a session at that time (15:00 to 16:00).", refusal.Message);
        Assert.Equal(AppointmentStatus.Scheduled, backToBack.Status);
    }

    [Fact]
    public async Task Book_OverlappingThePatientsSession_IsRefusedExceptSupervisionOverTreatment()
    {
        var treatment = await TreatmentAsync(200);
        var family = await _core.AddAuthorizationAsync(_actor, _patientId, 200, ServiceCode.FamilyGuidance, From, To);
        var supervision = await _core.AddAuthorizationAsync(_actor, _patientId, 200, ServiceCode.ProtocolModification, From, To);
        var otherRbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        await Scheduler.BookAsync(_actor, Session(treatment.Id, _rbt, 15, 0, 120), cancellationToken: Ct);

        var secondTreatment = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Session(treatment.Id, otherRbt, 16, 0, 60), cancellationToken: Ct));
        var familyGuidance = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Session(family.Id, _bcba, 16, 0, 60), cancellationToken: Ct));
        var directing = await Scheduler.BookAsync(_actor, Session(supervision.Id, _bcba, 15, 30, 60), cancellationToken: Ct);

        Assert.Equal("patient-double-booked", secondTreatment.Code);
        Assert.Equal("patient-double-booked", familyGuidance.Code);
        Assert.Equal(AppointmentStatus.Scheduled, directing.Status);
    }

    [Fact]
    public async Task Preview_ShowsUnitsConflictsAndTheBalanceAfterWithoutSaving()
    {
        var authorization = await TreatmentAsync(40);

        var preview = await Scheduler.PreviewAsync(_actor, Session(authorization.Id, _rbt, 15, 0, 90), Ct);
        var refused = await Scheduler.PreviewAsync(_actor, Session(authorization.Id, _bcba, 8, 0, 12 * 60), Ct);

        Assert.Equal((6, 40, 34, true), (preview.Units, preview.AvailableBefore, preview.AvailableAfter, preview.CanBook));
        Assert.Contains(refused.Conflicts, c => c.Code == "insufficient-units");
        Assert.Equal(0, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Reschedule_ToALongerSession_ReservesOnlyTheDifference()
    {
        var authorization = await TreatmentAsync(50);
        var booked = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 15, 0, 60), cancellationToken: Ct);

        var moved = await Scheduler.RescheduleAsync(_actor, booked.Id, new RescheduleRequest(At(10, 0), At(11, 30), _bcba), cancellationToken: Ct);
        var shorter = await Scheduler.RescheduleAsync(_actor, booked.Id, new RescheduleRequest(At(10, 0), At(10, 30)), cancellationToken: Ct);

        Assert.Equal((6, _bcba), (moved.Units, moved.PractitionerId));
        Assert.Equal(2, shorter.Units);
        Assert.Equal(2, (await BalanceAsync(authorization.Id)).ScheduledUnits);
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Reschedule_IntoAnotherSession_IsRefusedAndChangesNothing()
    {
        var authorization = await TreatmentAsync(50);
        var first = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 9, 0, 60), cancellationToken: Ct);
        var second = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 13, 0, 60), cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.RescheduleAsync(_actor, second.Id, new RescheduleRequest(At(8, 30), At(9, 30)), cancellationToken: Ct));

        Assert.Equal("practitioner-double-booked", refusal.Code);
        var unchanged = (await _core.Get<AppointmentBook>().ListAsync(_actor.OrganizationId, At(0, 0), At(23, 0), cancellationToken: Ct)).Single(a => a.Id == second.Id);
        Assert.Equal(second, unchanged);
        Assert.Equal(first.Units + second.Units, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task CancelAndNoShow_ReleaseTheUnitsOnce()
    {
        var authorization = await TreatmentAsync(50);
        var cancelled = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 9, 0, 60), cancellationToken: Ct);
        var missed = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 11, 0, 45), cancellationToken: Ct);

        await Scheduler.CancelAsync(_actor, cancelled.Id, "Family vacation", cancellationToken: Ct);
        var noShow = await Scheduler.MarkNoShowAsync(_actor, missed.Id, cancellationToken: Ct);
        var again = await Assert.ThrowsAsync<DomainException>(() => Scheduler.CancelAsync(_actor, cancelled.Id, "Twice", cancellationToken: Ct));

        Assert.Equal(AppointmentStatus.NoShow, noShow.Status);
        Assert.Equal("appointment-not-scheduled", again.Code);
        Assert.Equal(0, (await BalanceAsync(authorization.Id)).ScheduledUnits);
        await using var db = await ContextAsync();
        Assert.Equal(2, await db.UnitLedger.CountAsync(e => e.AuthorizationId == authorization.Id && e.Kind == LedgerEntryKind.Release, Ct));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "appointment.cancel", Ct));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "appointment.no-show", Ct));
    }

    [Fact]
    public async Task Complete_ShorterThanBooked_ConsumesTheActualUnitsAndReleasesTheRest()
    {
        var (authorization, booked) = await PastSessionAsync(total: 50, minutes: 60);

        var completed = await Scheduler.CompleteAsync(_actor, booked.Id, booked.Start, booked.Start.AddMinutes(40), cancellationToken: Ct);

        Assert.Equal((AppointmentStatus.Completed, 3), (completed.Status, completed.ActualUnits));
        var balance = await BalanceAsync(authorization.Id);
        Assert.Equal((3, 0, 47), (balance.UsedUnits, balance.ScheduledUnits, balance.AvailableUnits));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Complete_LongerThanBooked_TakesTheExtraUnitsWhenAvailable()
    {
        var (authorization, booked) = await PastSessionAsync(total: 50, minutes: 60);

        await Scheduler.CompleteAsync(_actor, booked.Id, booked.Start, booked.Start.AddMinutes(90), cancellationToken: Ct);

        var balance = await BalanceAsync(authorization.Id);
        Assert.Equal((6, 0), (balance.UsedUnits, balance.ScheduledUnits));
    }

    [Fact]
    public async Task Complete_LongerThanTheUnitsLeft_IsRefusedWithTheNumbers()
    {
        var (authorization, booked) = await PastSessionAsync(total: 5, minutes: 60);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.CompleteAsync(_actor, booked.Id, booked.Start, booked.Start.AddMinutes(120), cancellationToken: Ct));

        Assert.Equal("insufficient-units", refusal.Code);
        Assert.Contains("ran to 8 units, 4 more than the 4 reserved", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("only 1 available", refusal.Message, StringComparison.Ordinal);
        var balance = await BalanceAsync(authorization.Id);
        Assert.Equal((0, 4), (balance.UsedUnits, balance.ScheduledUnits));
    }

    [Fact]
    public async Task Complete_BeforeTheSessionEnded_IsRefused()
    {
        var authorization = await TreatmentAsync(50);
        var booked = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 9, 0, 60), cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.CompleteAsync(_actor, booked.Id, booked.Start, booked.End, cancellationToken: Ct));

        Assert.Equal("session-not-over", refusal.Code);
    }

    [Fact]
    public async Task AnotherOrganizationsRecords_AreNotFound()
    {
        var (other, otherPatient) = await _core.AddClinicAsync();
        var theirRbt = await _core.AddPractitionerAsync(other, Credential.RBT);
        var theirs = await _core.AddAuthorizationAsync(other, otherPatient, 50, ServiceCode.TreatmentByProtocol, From, To);
        var theirSession = await Scheduler.BookAsync(other, Session(theirs.Id, theirRbt, 9, 0, 60) with { PatientId = otherPatient }, cancellationToken: Ct);
        var mine = await TreatmentAsync(50);

        var book = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Session(theirs.Id, _rbt, 9, 0, 60) with { PatientId = otherPatient }, cancellationToken: Ct));
        var theirPractitioner = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Session(mine.Id, theirRbt, 9, 0, 60), cancellationToken: Ct));
        var cancel = await Assert.ThrowsAsync<DomainException>(() => Scheduler.CancelAsync(_actor, theirSession.Id, "x", cancellationToken: Ct));

        Assert.All([book, theirPractitioner, cancel], r => Assert.Equal(DomainErrorKind.NotFound, r.Kind));
        Assert.Empty(await _core.Get<AppointmentBook>().ListAsync(_actor.OrganizationId, At(0, 0), At(23, 0), cancellationToken: Ct));
    }

    [Fact]
    public async Task TheExclusionConstraint_WhenTheDomainCheckIsBypassed_RefusesWithTheSameCode()
    {
        var authorization = await TreatmentAsync(50);
        var otherPatient = await _core.AddPatientAsync(_actor);
        var theirs = await _core.AddAuthorizationAsync(_actor, otherPatient, 50, ServiceCode.TreatmentByProtocol, From, To);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _core.Get<SerializableUnitOfWork>().RunAsync(_actor.OrganizationId, (db, _) =>
        {
            db.Appointments.Add(new Appointment(_actor.OrganizationId, _patientId, _rbt, authorization.Id, At(9, 0), At(10, 0), 4, UnitRoundingRule.Midpoint, PlaceOfService.Of(PlaceOfService.Office), ["HM"], null, DateTimeOffset.UtcNow));
            db.Appointments.Add(new Appointment(_actor.OrganizationId, otherPatient, _rbt, theirs.Id, At(9, 30), At(10, 30), 2, UnitRoundingRule.Midpoint, PlaceOfService.Of(PlaceOfService.Office), ["HM"], null, DateTimeOffset.UtcNow));
            return Task.FromResult(0);
        }, Ct));

        Assert.Equal((DomainErrorKind.Conflict, "practitioner-double-booked"), (refusal.Kind, refusal.Code));
        Assert.StartsWith("The practitioner already has a session at that time", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryChange_IsAuditedWithTheActorAndTime()
    {
        var (authorization, past) = await PastSessionAsync(total: 50, minutes: 60);
        var future = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 9, 0, 60), cancellationToken: Ct);
        var missed = await Scheduler.BookAsync(_actor, Session(authorization.Id, _rbt, 11, 0, 60), cancellationToken: Ct);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var started = _clock.GetUtcNow();

        await Scheduler.CompleteAsync(_actor, past.Id, past.Start, past.End, cancellationToken: Ct);
        await Scheduler.RescheduleAsync(_actor, future.Id, new RescheduleRequest(At(9, 30), At(10, 30)), cancellationToken: Ct);
        await Scheduler.MarkNoShowAsync(_actor, missed.Id, cancellationToken: Ct);
        await Scheduler.CancelAsync(_actor, future.Id, "Rescheduled by family", cancellationToken: Ct);

        await using var db = await ContextAsync();
        var events = await db.AuditEvents.Where(e => e.EntityType == "appointment").ToListAsync(Ct);
        Assert.Equal(
            ["appointment.book", "appointment.cancel", "appointment.complete", "appointment.no-show", "appointment.reschedule"],
            events.Select(e => e.Action).Distinct().Order());
        Assert.All(events, e => Assert.Equal(_actor.UserId, e.ActorUserId));
        Assert.All(events.Where(e => e.Action != "appointment.book"), e => Assert.Equal(started, e.OccurredAt));
    }

    private Task<AuthorizationBalance> TreatmentAsync(int total) =>
        _core.AddAuthorizationAsync(_actor, _patientId, total, ServiceCode.TreatmentByProtocol, From, To);

    /// <summary>A session the day before the clock's day, at 10:00 in New York: over, and with the rest of its day to run longer.</summary>
    private async Task<(AuthorizationBalance Authorization, AppointmentView Booked)> PastSessionAsync(int total, int minutes)
    {
        var authorization = await TreatmentAsync(total);
        var start = new DateTimeOffset(2027, 1, 11, 10, 0, 0, Est);
        var booked = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, start, start.AddMinutes(minutes)), cancellationToken: Ct);
        return (authorization, booked);
    }

    /// <summary>A session on Wednesday 2027-01-13 at a New York wall-clock time.</summary>
    private BookingRequest Session(Guid authorizationId, Guid practitionerId, int hour, int minute, int minutes) =>
        new(_patientId, practitionerId, authorizationId, At(hour, minute), At(hour, minute).AddMinutes(minutes));

    private static DateTimeOffset At(int hour, int minute) => new(2027, 1, 13, hour, minute, 0, Est);

    private Task<AuthorizationBalance> BalanceAsync(Guid id) => _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, id, Ct);

    private Task<OmnirapeuticDbContext> ContextAsync() =>
        _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, Ct);
}
