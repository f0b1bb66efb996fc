using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Scheduling;

/// <summary>Every session carries a place of service and the modifiers its claim line needs; telehealth only where the payer pays it.</summary>
public sealed class PlaceOfServiceTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateOnly From = new(2027, 1, 1);
    private static readonly DateOnly To = new(2027, 6, 30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;
    private Guid _bcba;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private PayerDirectory Payers => _core.Get<PayerDirectory>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        _bcba = await _core.AddPractitionerAsync(_actor, Credential.BCBA);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Booking_WithoutAPlace_TakesThePatientsUsualPlace_AndTheCredentialsModifier_AndTelehealthAdds95()
    {
        var patient = await _core.Get<PatientRegistry>().RegisterAsync(
            _actor, new PatientDetails("Home", "Client", new DateOnly(2019, 4, 2), $"M-{Guid.NewGuid():N}", PlaceOfService.Home), Ct);
        var treatment = await AuthorizationAsync(patient, ServiceCode.TreatmentByProtocol, null);
        var guidance = await AuthorizationAsync(patient, ServiceCode.FamilyGuidance, null);

        var atHome = await Scheduler.BookAsync(_actor, new BookingRequest(patient, _rbt, treatment.Id, At(9, 0), At(10, 0)), cancellationToken: Ct);
        var preview = await Scheduler.PreviewAsync(_actor, new BookingRequest(patient, _bcba, guidance.Id, At(11, 0), At(12, 0), PlaceOfService.TelehealthAtHome), Ct);
        var online = await Scheduler.BookAsync(_actor, new BookingRequest(patient, _bcba, guidance.Id, At(11, 0), At(12, 0), PlaceOfService.TelehealthAtHome), cancellationToken: Ct);

        Assert.Equal("12 HM", ClaimLine(atHome));
        Assert.Equal("10 HO 95", $"{preview.PlaceOfService} {string.Join(' ', preview.Modifiers)}");
        Assert.Equal("10 HO 95", ClaimLine(online));
        await using var db = await ContextAsync();
        var saved = await db.Appointments.OrderBy(a => a.StartAt).Select(a => new { a.PlaceOfService, a.Modifiers }).ToListAsync(Ct);
        Assert.Equal(["12 HM", "10 HO 95"], saved.Select(a => $"{a.PlaceOfService} {string.Join(' ', a.Modifiers)}"));
        var audit = await db.AuditEvents.Where(e => e.Action == "appointment.book").Select(e => e.Details!).ToListAsync(Ct);
        Assert.Contains(audit, d => JsonDocument.Parse(d).RootElement.GetProperty("placeOfService").GetString() == PlaceOfService.TelehealthAtHome);
    }

    [Fact]
    public async Task Telehealth_UnderAPayerThatDoesNotPayIt_IsRefusedForASessionAndASeries_AndNothingIsSaved()
    {
        var tricare = await Payers.CreateAsync(_actor, CoreServices.DefaultPayer with { Name = "TRICARE", AllowsTelehealth = false }, Ct);
        var treatment = await AuthorizationAsync(_patientId, ServiceCode.TreatmentByProtocol, tricare.Id);

        var preview = await Scheduler.PreviewAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(9, 0), At(10, 0), PlaceOfService.Telehealth), Ct);
        var single = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(9, 0), At(10, 0), PlaceOfService.Telehealth), cancellationToken: Ct));
        var series = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookSeriesAsync(
            _actor,
            new SeriesRequest(_patientId, _rbt, treatment.Id, new DateOnly(2027, 1, 18), new TimeOnly(9, 0), 60, [DayOfWeek.Monday], Count: 3, PlaceOfService: PlaceOfService.TelehealthAtHome),
            cancellationToken: Ct));
        var inPerson = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(9, 0), At(10, 0), PlaceOfService.School), cancellationToken: Ct);

        Assert.Equal(["telehealth-not-covered"], preview.Conflicts.Select(c => c.Code));
        Assert.Contains("TRICARE does not pay for telehealth (02 Telehealth)", preview.Conflicts[0].Message, StringComparison.Ordinal);
        Assert.Equal((DomainErrorKind.Conflict, "telehealth-not-covered"), (single.Kind, single.Code));
        Assert.Equal("series-conflicts", series.Code);
        Assert.StartsWith("3 of 3 sessions cannot be booked", series.Message, StringComparison.Ordinal);
        Assert.Equal("03 HM", ClaimLine(inPerson));
        Assert.Equal(4, (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, treatment.Id, Ct)).ScheduledUnits);
    }

    [Fact]
    public async Task APayersModifierMap_DecidesTheCredentialModifier_BookedSessionsKeepTheirsUntilAnotherPractitionerOrPlace()
    {
        var plan = await Payers.CreateAsync(
            _actor, CoreServices.DefaultPayer with { Name = "Plan", CredentialModifiers = new Dictionary<Credential, string> { [Credential.RBT] = "HN" } }, Ct);
        var treatment = await AuthorizationAsync(_patientId, ServiceCode.TreatmentByProtocol, plan.Id);
        var otherRbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        var first = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(9, 0), At(10, 0)), cancellationToken: Ct);
        var byBcba = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _bcba, treatment.Id, At(13, 0), At(14, 0)), cancellationToken: Ct);

        await Payers.ChangeAsync(_actor, plan.Id, CoreServices.DefaultPayer with { Name = "Plan" }, Ct);
        var sameHands = await Scheduler.RescheduleAsync(_actor, first.Id, new RescheduleRequest(At(10, 0), At(11, 0)), cancellationToken: Ct);
        var otherHands = await Scheduler.RescheduleAsync(_actor, first.Id, new RescheduleRequest(At(10, 0), At(11, 0), otherRbt), cancellationToken: Ct);
        var online = await Scheduler.RescheduleAsync(_actor, byBcba.Id, new RescheduleRequest(At(13, 0), At(14, 0), null, PlaceOfService.Telehealth), cancellationToken: Ct);

        Assert.Equal(["HN"], first.Modifiers);
        Assert.Empty(byBcba.Modifiers);
        Assert.Equal(["HN"], sameHands.Modifiers);
        Assert.Equal(["HM"], otherHands.Modifiers);
        Assert.Equal("02 HO 95", ClaimLine(online));
    }

    [Fact]
    public async Task APayerStopsPayingTelehealth_OnlyOnceNoneOfItsTelehealthSessionsIsScheduled()
    {
        var plan = await Payers.CreateAsync(_actor, CoreServices.DefaultPayer with { Name = "Plan" }, Ct);
        var treatment = await AuthorizationAsync(_patientId, ServiceCode.TreatmentByProtocol, plan.Id);
        var online = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(9, 0), At(10, 0), PlaceOfService.Telehealth), cancellationToken: Ct);
        var noTelehealth = CoreServices.DefaultPayer with { Name = "Plan", AllowsTelehealth = false };

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Payers.ChangeAsync(_actor, plan.Id, noTelehealth, Ct));
        var stillPays = (await Payers.GetAsync(_actor.OrganizationId, plan.Id, Ct)).AllowsTelehealth;
        var moved = await Scheduler.RescheduleAsync(_actor, online.Id, new RescheduleRequest(At(9, 0), At(10, 0), null, PlaceOfService.Office), cancellationToken: Ct);
        var changed = await Payers.ChangeAsync(_actor, plan.Id, noTelehealth, Ct);

        Assert.Equal((DomainErrorKind.Conflict, "telehealth-scheduled"), (refusal.Kind, refusal.Code));
        Assert.Contains("1 telehealth session is scheduled on Plan's authorizations (the first on 2027-01-13 at 09:00)", refusal.Message, StringComparison.Ordinal);
        Assert.True(stillPays);
        Assert.Equal("11 HM", ClaimLine(moved));
        Assert.False(changed.AllowsTelehealth);
    }

    [Fact]
    public async Task TelehealthOnAPayerThatDoesNotPayIt_WhenTheDomainIsBypassed_IsRefusedByTheDatabaseWithTheSameCode()
    {
        var tricare = await Payers.CreateAsync(_actor, CoreServices.DefaultPayer with { Name = "TRICARE", AllowsTelehealth = false }, Ct);
        var treatment = await AuthorizationAsync(_patientId, ServiceCode.TreatmentByProtocol, tricare.Id);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _core.Get<SerializableUnitOfWork>().RunAsync(_actor.OrganizationId, (db, _) =>
        {
            db.Appointments.Add(new Appointment(
                _actor.OrganizationId, _patientId, _rbt, treatment.Id, At(9, 0), At(10, 0), 4, UnitRoundingRule.Midpoint,
                PlaceOfService.Of(PlaceOfService.Telehealth), ["HM", PlaceOfService.TelehealthModifier], null, _clock.GetUtcNow()));
            return Task.FromResult(0);
        }, Ct));

        Assert.Equal((DomainErrorKind.Conflict, "telehealth-not-covered"), (refusal.Kind, refusal.Code));
        await using var db = await ContextAsync();
        Assert.Equal(0, await db.Appointments.CountAsync(Ct));
    }

    [Fact]
    public async Task APlaceThatIsNone_IsRefusedOnBookingSeriesRescheduleAndPatient_AndChangesNothing()
    {
        var treatment = await AuthorizationAsync(_patientId, ServiceCode.TreatmentByProtocol, null);
        var booked = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(9, 0), At(10, 0)), cancellationToken: Ct);

        DomainException[] refusals =
        [
            await Assert.ThrowsAsync<DomainException>(() => Scheduler.PreviewAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(11, 0), At(12, 0), "99"), Ct)),
            await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, treatment.Id, At(11, 0), At(12, 0), "office"), cancellationToken: Ct)),
            await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookSeriesAsync(
                _actor, new SeriesRequest(_patientId, _rbt, treatment.Id, new DateOnly(2027, 1, 18), new TimeOnly(9, 0), 60, [DayOfWeek.Monday], Count: 2, PlaceOfService: ""), cancellationToken: Ct)),
            await Assert.ThrowsAsync<DomainException>(() => Scheduler.RescheduleAsync(_actor, booked.Id, new RescheduleRequest(At(9, 0), At(10, 0), null, "13"), cancellationToken: Ct)),
            await Assert.ThrowsAsync<DomainException>(() => _core.Get<PatientRegistry>().UpdateAsync(
                _actor, _patientId, new PatientDetails("Test", "Patient", new DateOnly(2018, 5, 1), "M-1", "00"), Ct)),
        ];

        Assert.All(refusals, r => Assert.Equal((DomainErrorKind.Invalid, "invalid-place-of-service"), (r.Kind, r.Code)));
        Assert.Equal(4, (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, treatment.Id, Ct)).ScheduledUnits);
        Assert.Equal(PlaceOfService.Office, (await _core.Get<PatientDirectory>().GetAsync(_actor.OrganizationId, _patientId, Ct)).UsualPlaceOfService);
    }

    private static string ClaimLine(AppointmentView session) => $"{session.PlaceOfService} {string.Join(' ', session.Modifiers)}";

    private Task<AuthorizationBalance> AuthorizationAsync(Guid patientId, string code, Guid? payerId) =>
        _core.AddAuthorizationAsync(_actor, patientId, 200, code, From, To, payerId);

    /// <summary>A wall-clock time in New York on Wednesday 2027-01-13.</summary>
    private static DateTimeOffset At(int hour, int minute) => new(2027, 1, 13, hour, minute, 0, Est);

    private Task<OmnirapeuticDbContext> ContextAsync() =>
        _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, Ct);
}
