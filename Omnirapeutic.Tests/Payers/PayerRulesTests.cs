using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Payers;

/// <summary>Each authorization is booked by its payer's rules: rounding, and which codes a patient may have at once.</summary>
public sealed class PayerRulesTests(PostgresServer postgres) : IAsyncLifetime
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
    public async Task Booking_RoundsBySessionsPayer_53MinutesBill4UnderMidpointAnd3UnderFull15()
    {
        var full15 = await Payers.CreateAsync(_actor, Terms("Strict plan", UnitRoundingRule.Full15), Ct);
        var otherPatient = await _core.AddPatientAsync(_actor);
        var midpointAuthorization = await TreatmentAsync(_patientId, null);
        var full15Authorization = await TreatmentAsync(otherPatient, full15.Id);

        var midpoint = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, midpointAuthorization.Id, At(9, 0), At(9, 53)), cancellationToken: Ct);
        var strict = await Scheduler.BookAsync(_actor, new BookingRequest(otherPatient, _bcba, full15Authorization.Id, At(9, 0), At(9, 53)), cancellationToken: Ct);

        Assert.Equal((4, 3), (midpoint.Units, strict.Units));
        Assert.Equal((4, 3), (await ScheduledAsync(midpointAuthorization.Id), await ScheduledAsync(full15Authorization.Id)));
    }

    [Fact]
    public async Task ChangingAPayersRule_LeavesBookedSessionsAsTheyWereAndCountsForTheNextBookings()
    {
        var payer = await Payers.CreateAsync(_actor, Terms("Plan", UnitRoundingRule.Midpoint), Ct);
        var authorization = await TreatmentAsync(_patientId, payer.Id);
        var before = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, At(9, 0), At(9, 53)), cancellationToken: Ct);

        var changed = await Payers.ChangeAsync(_actor, payer.Id, Terms("Plan", UnitRoundingRule.Full15), Ct);
        var after = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, At(11, 0), At(11, 53)), cancellationToken: Ct);
        var moved = await Scheduler.RescheduleAsync(_actor, before.Id, new RescheduleRequest(At(13, 0), At(13, 53), null), cancellationToken: Ct);

        Assert.Equal(UnitRoundingRule.Full15, changed.RoundingRule);
        Assert.Equal((4, 3, 4), (before.Units, after.Units, moved.Units));
        await using var db = await ContextAsync();
        var rules = await db.Appointments.OrderBy(a => a.StartAt).Select(a => a.RoundingRule).ToListAsync(Ct);
        Assert.Equal([UnitRoundingRule.Full15, UnitRoundingRule.Midpoint], rules);
        Assert.Equal(7, await ScheduledAsync(authorization.Id));
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "payer.change", Ct);
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal(
            ("Midpoint", "Full15"),
            (details.RootElement.GetProperty("before").GetProperty("roundingRule").GetString(), details.RootElement.GetProperty("after").GetProperty("roundingRule").GetString()));
    }

    [Fact]
    public async Task ProtocolModificationOverTreatment_IsRefusedUnderAPayerWithNoPairAndBooksUnderOneThatPaysIt()
    {
        var tricare = await Payers.CreateAsync(_actor, Terms("TRICARE", UnitRoundingRule.Midpoint) with { ConcurrentCodes = [] }, Ct);
        var tricarePatient = await _core.AddPatientAsync(_actor);
        await BookTreatmentAndModificationAsync(_patientId, null);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => BookTreatmentAndModificationAsync(tricarePatient, tricare.Id));

        Assert.Equal((DomainErrorKind.Conflict, "patient-double-booked"), (refusal.Kind, refusal.Code));
        Assert.Contains("97153 session from 09:00 to 10:00", refusal.Message, StringComparison.Ordinal);
        await using var db = await ContextAsync();
        Assert.Equal(1, await db.Appointments.CountAsync(a => a.PatientId == tricarePatient, Ct));
        Assert.Equal(2, await db.Appointments.CountAsync(a => a.PatientId == _patientId, Ct));
    }

    [Fact]
    public async Task ThePayersOverlapRule_WhenTheDomainCheckIsBypassed_IsRefusedByTheDatabaseWithTheSameCode()
    {
        var tricare = await Payers.CreateAsync(_actor, Terms("TRICARE", UnitRoundingRule.Midpoint) with { ConcurrentCodes = [] }, Ct);
        var treatment = await TreatmentAsync(_patientId, tricare.Id);
        var modification = await _core.AddAuthorizationAsync(_actor, _patientId, 50, ServiceCode.ProtocolModification, From, To, tricare.Id);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _core.Get<SerializableUnitOfWork>().RunAsync(_actor.OrganizationId, (db, _) =>
        {
            db.Appointments.Add(new Appointment(_actor.OrganizationId, _patientId, _rbt, treatment.Id, At(9, 0), At(10, 0), 4, UnitRoundingRule.Midpoint, PlaceOfService.Of(PlaceOfService.Office), ["HM"], null, _clock.GetUtcNow()));
            db.Appointments.Add(new Appointment(_actor.OrganizationId, _patientId, _bcba, modification.Id, At(9, 30), At(10, 0), 2, UnitRoundingRule.Midpoint, PlaceOfService.Of(PlaceOfService.Office), ["HO"], null, _clock.GetUtcNow()));
            return Task.FromResult(0);
        }, Ct));

        Assert.Equal((DomainErrorKind.Conflict, "patient-double-booked"), (refusal.Kind, refusal.Code));
        await using var context = await ContextAsync();
        Assert.Equal(0, await context.Appointments.CountAsync(Ct));
    }

    [Fact]
    public async Task AnAuthorization_WithoutAPayer_BelongsToTheDefaultOne_AndAnotherOrganizationsPayerIsNotFound()
    {
        var (stranger, _) = await _core.AddClinicAsync();
        var theirs = await Payers.CreateAsync(stranger, Terms("Their plan", UnitRoundingRule.Midpoint), Ct);
        var defaultPayer = (await Payers.ListAsync(_actor.OrganizationId, Ct)).Single(p => p.IsDefault);

        var opened = await TreatmentAsync(_patientId, null);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => TreatmentAsync(_patientId, theirs.Id));
        var change = await Assert.ThrowsAsync<DomainException>(() => Payers.ChangeAsync(_actor, theirs.Id, Terms("Mine now", UnitRoundingRule.Full15), Ct));

        Assert.Equal(defaultPayer.Id, opened.PayerId);
        Assert.Equal((DomainErrorKind.NotFound, DomainErrorKind.NotFound), (refusal.Kind, change.Kind));
        Assert.Equal("Their plan", (await Payers.GetAsync(stranger.OrganizationId, theirs.Id, Ct)).Name);
    }

    public static TheoryData<string, string> BadTerms => new()
    {
        { "no name", "invalid-payer" },
        { "supervision below 5 %", "invalid-payer" },
        { "a code paired with itself", "invalid-payer" },
        { "an unknown code", "invalid-service-code" },
        { "a negative fee", "invalid-payer" },
        { "a rounding rule that is none", "invalid-rounding-rule" },
    };

    [Theory]
    [MemberData(nameof(BadTerms))]
    public async Task Create_WithBadTerms_IsRefusedAndSavesNothing(string what, string code)
    {
        var good = Terms("Plan", UnitRoundingRule.Midpoint);
        var terms = what switch
        {
            "no name" => good with { Name = "  " },
            "supervision below 5 %" => good with { SupervisionPercent = 4.9m },
            "a code paired with itself" => good with { ConcurrentCodes = [new CodePair("97153", "97153")] },
            "an unknown code" => good with { Fees = new Dictionary<string, decimal> { ["99999"] = 10m } },
            "a negative fee" => good with { Fees = new Dictionary<string, decimal> { ["97153"] = -1m } },
            _ => good with { RoundingRule = (UnitRoundingRule)42 },
        };

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Payers.CreateAsync(_actor, terms, Ct));

        Assert.Equal((DomainErrorKind.Invalid, code), (refusal.Kind, refusal.Code));
        Assert.Single(await Payers.ListAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Create_WithANameTheOrganizationAlreadyUses_IsAConflict()
    {
        await Payers.CreateAsync(_actor, Terms("Plan", UnitRoundingRule.Midpoint), Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Payers.CreateAsync(_actor, Terms("Plan", UnitRoundingRule.Full15), Ct));

        Assert.Equal((DomainErrorKind.Conflict, "duplicate-payer"), (refusal.Kind, refusal.Code));
        Assert.Equal(2, (await Payers.ListAsync(_actor.OrganizationId, Ct)).Count);
    }

    private async Task BookTreatmentAndModificationAsync(Guid patientId, Guid? payerId)
    {
        var treatment = await TreatmentAsync(patientId, payerId);
        var modification = await _core.AddAuthorizationAsync(_actor, patientId, 50, ServiceCode.ProtocolModification, From, To, payerId);
        var (rbt, bcba) = (await _core.AddPractitionerAsync(_actor, Credential.RBT), await _core.AddPractitionerAsync(_actor, Credential.BCBA));
        await Scheduler.BookAsync(_actor, new BookingRequest(patientId, rbt, treatment.Id, At(9, 0), At(10, 0)), cancellationToken: Ct);
        await Scheduler.BookAsync(_actor, new BookingRequest(patientId, bcba, modification.Id, At(9, 30), At(10, 0)), cancellationToken: Ct);
    }

    private static PayerTerms Terms(string name, UnitRoundingRule rule) =>
        CoreServices.DefaultPayer with { Name = name, RoundingRule = rule };

    private Task<AuthorizationBalance> TreatmentAsync(Guid patientId, Guid? payerId) =>
        _core.AddAuthorizationAsync(_actor, patientId, 200, ServiceCode.TreatmentByProtocol, From, To, payerId);

    /// <summary>A wall-clock time in New York on Wednesday 2027-01-13.</summary>
    private static DateTimeOffset At(int hour, int minute) => new(2027, 1, 13, hour, minute, 0, Est);

    private async Task<int> ScheduledAsync(Guid authorizationId) =>
        (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, authorizationId, Ct)).ScheduledUnits;

    private Task<OmnirapeuticDbContext> ContextAsync() =>
        _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, Ct);
}
