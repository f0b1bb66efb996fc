using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Data.Configurations;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Claims;

/// <summary>
/// Claim batches: a payer's verified sessions of a date range become one line each (units times the payer's fee,
/// the rendering provider's NPI), the sessions are billed and in one batch at a time, voiding verifies them again;
/// units and the ledger never move, and the database refuses what the domain refuses.
/// </summary>
public sealed class ClaimBatchTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateTimeOffset Monday = new(2027, 1, 11, 9, 0, 0, Est);
    private static readonly NoteContent Written = new("Manding", null, null, "Ten trials of manding.");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 4, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Actor _rbtUser = null!;
    private Guid _rbt;
    private Guid _patientId;
    private PayerView _payer = null!;
    private AuthorizationBalance _treatment = null!;

    private ClaimBatches Claims => _core.Get<ClaimBatches>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        _admin = await _core.AddClinicWithAdminAsync();
        _patientId = await _core.AddPatientAsync(_admin);
        (_rbtUser, _rbt) = await _core.AddPractitionerUserAsync(_admin, "Riley Tech");
        _payer = await _core.Get<PayerDirectory>().CreateAsync(_admin, CoreServices.DefaultPayer with { Name = "Medicaid", Fees = Fees(20.5m) }, Ct);
        _treatment = await AuthorizationAsync(_patientId, _payer.Id);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task ABatch_BillsThePayersVerifiedSessionsOfTheDates_OneLineEach_AtUnitsTimesTheFee_AndTheLedgerStaysAsItWas()
    {
        var first = await VerifiedSessionAsync(Monday, 60);
        var second = await VerifiedSessionAsync(Monday.AddDays(2), 45);
        var later = await VerifiedSessionAsync(Monday.AddDays(10), 60);
        var documented = await DocumentedSessionAsync(Monday.AddDays(1), 60);
        var otherPayer = await _core.Get<PayerDirectory>().CreateAsync(_admin, CoreServices.DefaultPayer with { Name = "Other", Fees = Fees(30m) }, Ct);
        var otherPatient = await _core.AddPatientAsync(_admin);
        var elsewhere = await VerifiedSessionAsync(Monday.AddDays(3), 60, (await AuthorizationAsync(otherPatient, otherPayer.Id)).Id, otherPatient);
        var balance = await BalanceAsync();
        var entries = await LedgerEntriesAsync();

        var id = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 17), cancellationToken: Ct);
        var batch = await Claims.ExportAsync(_admin, id, "json", Ct);

        Assert.Equal([first, second], batch.Lines.Select(l => l.AppointmentId));
        Assert.Equal([1, 2], batch.Lines.Select(l => l.LineNumber));
        Assert.Equal([(4, 82.00m), (3, 61.50m)], batch.Lines.Select(l => (l.Units, l.Charge)));
        Assert.Equal((7, 143.50m, true), (batch.Units, batch.Charges, batch.Reconciled));
        var line = batch.Lines[0];
        Assert.Equal((new DateOnly(2027, 1, 11), "Other Patient", "97153", "11", 20.50m), (line.ServiceDate, line.PatientName, line.ServiceCode, line.PlaceOfService, line.UnitFee));
        Assert.Equal(("Riley Tech", "Riley Tech", 4), (line.RenderingName, line.DeliveredBy, line.ConsumedUnits));
        Assert.Equal(10, line.RenderingNpi.Length);
        Assert.Equal([AppointmentStatus.Billed, AppointmentStatus.Billed], [await StatusAsync(first), await StatusAsync(second)]);
        Assert.Equal([AppointmentStatus.Verified, AppointmentStatus.Verified], [await StatusAsync(later), await StatusAsync(elsewhere)]);
        Assert.Equal(AppointmentStatus.Documented, await StatusAsync(documented));
        var after = await BalanceAsync();
        Assert.Equal((balance.UsedUnits, balance.ScheduledUnits, balance.Version), (after.UsedUnits, after.ScheduledUnits, after.Version));
        Assert.Equal(entries, await LedgerEntriesAsync());
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_admin.OrganizationId, Ct));
        Assert.Equal(["claims.batch.create", "claims.batch.export"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Voiding_VerifiesItsSessionsAgain_AndTheyGoIntoTheNextBatch()
    {
        var session = await VerifiedSessionAsync(Monday, 60);
        var first = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);

        var blank = await Assert.ThrowsAsync<DomainException>(() => Claims.VoidAsync(_admin, first, " ", cancellationToken: Ct));
        var again = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct));
        await Claims.VoidAsync(_admin, first, "Wrong payer address", cancellationToken: Ct);
        var verifiedAgain = await StatusAsync(session);
        var twice = await Assert.ThrowsAsync<DomainException>(() => Claims.VoidAsync(_admin, first, "Again", cancellationToken: Ct));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);

        Assert.Equal("invalid-reason", blank.Code);
        Assert.Equal("nothing-to-bill", again.Code);
        Assert.Equal(AppointmentStatus.Verified, verifiedAgain);
        Assert.Equal("batch-voided", twice.Code);
        Assert.Equal(AppointmentStatus.Billed, await StatusAsync(session));
        var voided = await Claims.ExportAsync(_admin, first, "json", Ct);
        Assert.Equal((true, "Wrong payer address", "First Admin"), (voided.Voided, voided.VoidReason, voided.VoidedBy));
        Assert.Equal([session], (await Claims.ExportAsync(_admin, second, "json", Ct)).Lines.Select(l => l.AppointmentId));
        Assert.Equal([(second, false), (first, true)], (await Claims.ListAsync(_admin.OrganizationId, Ct)).Select(b => (b.Id, b.Voided)));
    }

    [Fact]
    public async Task TwoBatchesMadeAtOnce_OverTheSameSessions_PutEachSessionInExactlyOne()
    {
        Guid[] sessions = [await VerifiedSessionAsync(Monday, 60), await VerifiedSessionAsync(Monday.AddDays(1), 60), await VerifiedSessionAsync(Monday.AddDays(2), 60)];
        var otherAdmin = _admin with { UserId = await AddAdminAsync() };

        var outcomes = await Task.WhenAll(
            Outcome(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct)),
            Outcome(() => Claims.CreateAsync(otherAdmin, _payer.Id, new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12), cancellationToken: Ct)));

        Assert.Contains(outcomes, o => o.Code is null);
        await using var db = await DbAsync();
        var lines = await db.ClaimLines.IgnoreQueryFilters().Where(l => sessions.Contains(l.AppointmentId) && !l.BatchVoided).ToListAsync(Ct);
        Assert.Equal(sessions.Order(), lines.Select(l => l.AppointmentId).Order());
        Assert.All(outcomes.Where(o => o.Code is not null), o => Assert.Equal("nothing-to-bill", o.Code));
        foreach (var session in sessions)
        {
            Assert.Equal(AppointmentStatus.Billed, await StatusAsync(session));
        }
    }

    [Fact]
    public async Task ABatchMadeTwice_WithOneIdempotencyKey_IsMadeOnce()
    {
        await VerifiedSessionAsync(Monday, 60);

        var first = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), "batch-1", Ct);
        var repeat = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), "batch-1", Ct);
        var reused = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 30), "batch-1", Ct));

        Assert.Equal(first, repeat);
        Assert.Equal("idempotency-key-reused", reused.Code);
        Assert.Single(await Claims.ListAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task ABatch_IsRefused_WithNothingToBill_AFeeMissing_AnNpiLost_OrABadRange_AndChangesNothing()
    {
        var nothing = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct));
        var backwards = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 31), new DateOnly(2027, 1, 1), cancellationToken: Ct));
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, Guid.NewGuid(), new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct));
        var session = await VerifiedSessionAsync(Monday, 60);
        await _core.Get<PayerDirectory>().ChangeAsync(_admin, _payer.Id, CoreServices.DefaultPayer with { Name = "Medicaid" }, Ct);
        var unpriced = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct));
        await _core.Get<PayerDirectory>().ChangeAsync(_admin, _payer.Id, CoreServices.DefaultPayer with { Name = "Medicaid", Fees = Fees(20.5m) }, Ct);
        await _core.Get<PractitionerDirectory>().SetNpiAsync(_admin, _rbt, null, Ct);
        var noNpi = await Assert.ThrowsAsync<DomainException>(() => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct));

        Assert.Equal("nothing-to-bill", nothing.Code);
        Assert.All([backwards, tooLong], e => Assert.Equal((DomainErrorKind.Invalid, "invalid-range"), (e.Kind, e.Code)));
        Assert.Equal(DomainErrorKind.NotFound, unknown.Kind);
        Assert.Equal("fee-missing", unpriced.Code);
        Assert.Contains("97153", unpriced.Message, StringComparison.Ordinal);
        Assert.Equal(("npi-missing", "Riley Tech has no NPI; an admin sets it on the Users page before the session is verified or billed."), (noNpi.Code, noNpi.Message));
        Assert.Equal(AppointmentStatus.Verified, await StatusAsync(session));
        Assert.Empty(await Claims.ListAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task APayerThatBillsUnderTheSupervisor_NamesTheCaseSupervisorAsTheRenderingProvider_AndTheRbtAsWhoDeliveredIt()
    {
        var (_, supervisor) = await _core.AddPractitionerUserAsync(_admin, "Morgan Analyst", Credential.BCBA);
        await _core.Get<PatientRegistry>().SetCaseSupervisorAsync(_admin, _patientId, supervisor, Ct);
        var underSupervisor = await _core.Get<PayerDirectory>().CreateAsync(
            _admin, CoreServices.DefaultPayer with { Name = "Under supervisor", Fees = Fees(18m), BillsUnderSupervisor = true }, Ct);
        await VerifiedSessionAsync(Monday, 60, (await AuthorizationAsync(_patientId, underSupervisor.Id)).Id);
        var supervisorNpi = (await _core.Get<PractitionerDirectory>().ListAsync(_admin.OrganizationId, Ct)).Single(p => p.Id == supervisor).Npi;

        var id = await Claims.CreateAsync(_admin, underSupervisor.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);

        var line = Assert.Single((await Claims.ExportAsync(_admin, id, "json", Ct)).Lines);
        Assert.Equal(("Morgan Analyst", supervisorNpi, "Riley Tech", 72m), (line.RenderingName, line.RenderingNpi, line.DeliveredBy, line.Charge));
    }

    [Fact]
    public async Task ABilledSessionsNote_TakesNoAddendum_UntilItsBatchIsVoided()
    {
        var session = await VerifiedSessionAsync(Monday, 60);
        var id = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);

        var billed = await Assert.ThrowsAsync<DomainException>(() => _core.Get<SessionNotes>().AddAddendumAsync(_rbtUser, session, "Late", cancellationToken: Ct));
        await Claims.VoidAsync(_admin, id, "Correcting the note", cancellationToken: Ct);
        var amended = await _core.Get<SessionNotes>().AddAddendumAsync(_rbtUser, session, "Late", cancellationToken: Ct);

        Assert.Equal("appointment-billed", billed.Code);
        Assert.Equal(AppointmentStatus.Documented, amended.SessionStatus);
    }

    [Fact]
    public async Task TheDatabase_KeepsASessionInOneLiveBatch_BilledExactlyWhileItIs_AndBatchesAsTheyWereMade()
    {
        var session = await VerifiedSessionAsync(Monday, 60);
        var verified = await VerifiedSessionAsync(Monday.AddDays(1), 60);
        var id = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 11), cancellationToken: Ct);

        string CopyLine(Guid appointment, string units) =>
            "INSERT INTO claim_lines (id, organization_id, batch_id, batch_voided, line_number, appointment_id, service_date, member_id, patient_name, patient_date_of_birth, " +
            "auth_number, service_code, modifiers, place_of_service, units, unit_fee, charge, rendering_name, rendering_npi, delivered_by, " +
            "diagnosis_codes, diagnosis_pointer, subscriber_relationship, subscriber_name) " +
            $"SELECT gen_random_uuid(), organization_id, batch_id, batch_voided, line_number + 1, '{appointment}', service_date, member_id, patient_name, patient_date_of_birth, " +
            $"auth_number, service_code, modifiers, place_of_service, {units}, unit_fee, {units} * unit_fee, rendering_name, rendering_npi, delivered_by, " +
            $"diagnosis_codes, diagnosis_pointer, subscriber_relationship, subscriber_name FROM claim_lines WHERE batch_id = '{id}'";
        var secondLine = await RawAsync(CopyLine(session, "units"));
        var addedLater = await RawAsync(
            $"BEGIN; UPDATE appointments SET status = 'Billed' WHERE id = '{verified}'; {CopyLine(verified, "units")}; COMMIT;");
        var unbilledLine = await RawAsync(CopyLine(verified, "units"));
        var unbilled = await RawAsync($"UPDATE appointments SET status = 'Verified' WHERE id = '{session}'");
        var changed = await RawAsync($"UPDATE claim_lines SET units = units + 1, charge = (units + 1) * unit_fee WHERE batch_id = '{id}'");
        var removed = await RawAsync($"DELETE FROM claim_batches WHERE id = '{id}'");
        var renamed = await RawAsync($"UPDATE claim_batches SET payer_name = 'Other' WHERE id = '{id}'");
        var wrongCharge = await RawAsync(CopyLine(verified, "units").Replace("units * unit_fee", "unit_fee", StringComparison.Ordinal));
        await Claims.VoidAsync(_admin, id, "Resent", cancellationToken: Ct);
        var unvoided = await RawAsync($"UPDATE claim_batches SET voided = false, voided_at = NULL, voided_by_user_id = NULL, void_reason = NULL WHERE id = '{id}'");
        var lineVoided = await ScalarAsync($"SELECT batch_voided FROM claim_lines WHERE batch_id = '{id}'");

        Assert.Equal(("23505", ClaimBatchConfiguration.OneLiveLineIndex), (secondLine?.SqlState, secondLine?.ConstraintName));
        Assert.All([unbilledLine, unbilled], e => Assert.Equal(("23514", "ck_claims_billed_sessions"), (e?.SqlState, e?.ConstraintName)));
        Assert.All([addedLater, changed, removed, renamed, unvoided], e => Assert.Equal(("23514", "ck_claims_read_only"), (e?.SqlState, e?.ConstraintName)));
        Assert.Equal(("23514", "ck_claim_lines_charge"), (wrongCharge?.SqlState, wrongCharge?.ConstraintName));
        Assert.Equal(true, lineVoided);
    }

    [Fact]
    public async Task Lines_CarryTheClientsDiagnosesAndSubscriber_AndTheDeadlineThePayersTimelyFilingSets()
    {
        await _core.Get<PayerDirectory>().ChangeAsync(_admin, _payer.Id, CoreServices.DefaultPayer with { Name = "Medicaid", Fees = Fees(20.5m), TimelyFilingDays = 30 }, Ct);
        await _core.Get<PatientRegistry>().SetBillingAsync(
            _admin, _patientId, new PatientBilling(["f840", "Z13.41"], SubscriberRelationship.Parent, " Dana ", "Doe"), Ct);
        var first = await VerifiedSessionAsync(Monday, 60);
        var second = await VerifiedSessionAsync(Monday.AddDays(3), 60);

        var id = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);
        await _core.Get<PatientRegistry>().SetBillingAsync(_admin, _patientId, new PatientBilling(["F84.0"]), Ct);
        var batch = await Claims.ExportAsync(_admin, id, "json", Ct);

        Assert.Equal([first, second], batch.Lines.Select(l => l.AppointmentId));
        Assert.All(batch.Lines, line =>
        {
            Assert.Equal(["F84.0", "Z13.41"], line.DiagnosisCodes);
            Assert.Equal((1, SubscriberRelationship.Parent, "Dana Doe"), (line.DiagnosisPointer, line.SubscriberRelationship, line.SubscriberName));
        });
        Assert.Equal([new DateOnly(2027, 2, 10), new DateOnly(2027, 2, 13)], batch.Lines.Select(l => l.FilingDeadline));
        Assert.Equal((30, new DateOnly(2027, 2, 10)), (batch.TimelyFilingDays, batch.FilingDeadline));
    }

    [Fact]
    public async Task WhatWaitsToBeBilled_IsCountedPerPayer_NearestTimelyFilingDeadlineFirst()
    {
        var commercial = await _core.Get<PayerDirectory>().CreateAsync(
            _admin, CoreServices.DefaultPayer with { Name = "Commercial", Fees = Fees(30m), TimelyFilingDays = 14 }, Ct);
        var otherPatient = await _core.AddPatientAsync(_admin);
        await VerifiedSessionAsync(Monday, 60);
        await VerifiedSessionAsync(Monday.AddDays(1), 45);
        await VerifiedSessionAsync(Monday.AddDays(2), 60, (await AuthorizationAsync(otherPatient, commercial.Id)).Id, otherPatient);
        await DocumentedSessionAsync(Monday.AddDays(3), 60);
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 20, 12, 0, 0, Est));

        var ready = await Claims.ReadyAsync(_admin.OrganizationId, Ct);
        await Claims.CreateAsync(_admin, commercial.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);
        var afterBatch = await Claims.ReadyAsync(_admin.OrganizationId, Ct);

        Assert.Equal(
            [("Commercial", 1, 4, new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 27), 7), ("Medicaid", 2, 7, new DateOnly(2027, 1, 11), new DateOnly(2027, 4, 11), 81)],
            ready.Select(r => (r.PayerName, r.Sessions, r.Units, r.OldestServiceDate, r.FilingDeadline, r.DaysLeft)));
        Assert.Equal(["Medicaid"], afterBatch.Select(r => r.PayerName));
    }

    [Fact]
    public async Task ABatch_IsRefused_WhileAClientOfItsSessionsHasNoDiagnosis()
    {
        var session = await VerifiedSessionAsync(Monday, 60);
        await _core.Get<PatientRegistry>().SetBillingAsync(_admin, _patientId, PatientBilling.None, Ct);

        var refused = await Assert.ThrowsAsync<DomainException>(
            () => Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct));

        Assert.Equal("diagnosis-missing", refused.Code);
        Assert.Contains("O.P.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Verified, await StatusAsync(session));
        Assert.Empty(await Claims.ListAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task TheDatabase_RefusesMalformedDiagnosesAndSubscribers_AndANewLineWithoutADiagnosis()
    {
        await VerifiedSessionAsync(Monday, 60);
        var id = await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);
        string Patient(string set) => $"UPDATE patients SET {set} WHERE id = '{_patientId}'";
        string Line(string codes, string pointer) =>
            "INSERT INTO claim_lines (id, organization_id, batch_id, batch_voided, line_number, appointment_id, service_date, member_id, patient_name, patient_date_of_birth, " +
            "auth_number, service_code, modifiers, place_of_service, units, unit_fee, charge, rendering_name, rendering_npi, delivered_by, " +
            "diagnosis_codes, diagnosis_pointer, subscriber_relationship, subscriber_name) " +
            "SELECT gen_random_uuid(), organization_id, batch_id, batch_voided, line_number + 1, appointment_id, service_date, member_id, patient_name, patient_date_of_birth, " +
            "auth_number, service_code, modifiers, place_of_service, units, unit_fee, charge, rendering_name, rendering_npi, delivered_by, " +
            $"{codes}, {pointer}, CASE WHEN {pointer} IS NULL THEN NULL ELSE 'Self' END, NULL FROM claim_lines WHERE batch_id = '{id}'";

        PostgresException?[] diagnoses =
        [
            await RawAsync(Patient("diagnosis_codes = '{F8.0}'")),
            await RawAsync(Patient("diagnosis_codes = '{U07.1}'")),
            await RawAsync(Patient("diagnosis_codes = '{F84.0,F84.0}'")),
            await RawAsync(Patient("diagnosis_codes = '{F84.0,NULL}'")),
            await RawAsync(Patient($"diagnosis_codes = '{{{string.Join(',', Enumerable.Range(10, 13).Select(n => $"Z{n}"))}}}'")),
        ];
        PostgresException?[] subscribers =
        [
            await RawAsync(Patient("subscriber_relationship = 'Parent'")),
            await RawAsync(Patient("subscriber_first_name = 'Dana', subscriber_last_name = 'Doe'")),
            await RawAsync(Patient("subscriber_relationship = 'Guardian', subscriber_first_name = ' ', subscriber_last_name = 'Doe'")),
        ];
        var undiagnosed = await RawAsync(Line("'{}'", "NULL"));
        var pointerPastTheCodes = await RawAsync(Line("'{F84.0}'", "2"));
        var noFilingWindow = await RawAsync($"UPDATE payers SET timely_filing_days = 0 WHERE id = '{_payer.Id}'");

        Assert.All(diagnoses, e => Assert.Equal(("23514", "ck_patients_diagnosis_codes"), (e?.SqlState, e?.ConstraintName)));
        Assert.All(subscribers, e => Assert.Equal(("23514", "ck_patients_subscriber"), (e?.SqlState, e?.ConstraintName)));
        Assert.Equal(("23514", "ck_claim_lines_diagnosed"), (undiagnosed?.SqlState, undiagnosed?.ConstraintName));
        Assert.Equal(("23514", "ck_claim_lines_diagnosis"), (pointerPastTheCodes?.SqlState, pointerPastTheCodes?.ConstraintName));
        Assert.Equal(("23514", "ck_payers_timely_filing_days"), (noFilingWindow?.SqlState, noFilingWindow?.ConstraintName));
    }

    [Fact]
    public async Task Revenue_CountsEachWeeksSessionsAtEveryStepTheyReached_AndWhatWaitsLongest()
    {
        var verified = await VerifiedSessionAsync(Monday, 60);
        var documented = await DocumentedSessionAsync(Monday.AddDays(1), 45);
        var completed = await CompletedSessionAsync(Monday.AddDays(2), 60);
        var billed = await VerifiedSessionAsync(Monday.AddDays(3), 60);
        await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 14), new DateOnly(2027, 1, 14), cancellationToken: Ct);
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 16, 12, 0, 0, Est));

        var revenue = await _core.Get<RevenueReport>().GetAsync(_admin.OrganizationId, Ct);

        Assert.Equal(RevenueReport.Weeks, revenue.Weeks.Count);
        Assert.Equal((new DateOnly(2027, 1, 10), new DateOnly(2026, 11, 22)), (revenue.ThisWeek.Starts, revenue.Weeks[0].Starts));
        Assert.Equal(new RevenueStep(4, 15, 307.50m), revenue.ThisWeek.Rendered);
        Assert.Equal(new RevenueStep(3, 11, 225.50m), revenue.ThisWeek.Documented);
        Assert.Equal(new RevenueStep(2, 8, 164.00m), revenue.ThisWeek.Verified);
        Assert.Equal(new RevenueStep(1, 4, 82.00m), revenue.ThisWeek.Billed);
        Assert.All(revenue.Weeks.SkipLast(1), week => Assert.Equal(new RevenueStep(0, 0, 0m), week.Rendered));
        Assert.Equal(
            [(1, completed, 3), (1, documented, 4), (1, verified, 5)],
            new[] { revenue.ToDocument, revenue.ToVerify, revenue.ToBill }.Select(step => (step.Count, step.Oldest.Single().AppointmentId, step.Oldest.Single().DaysWaiting)));
        Assert.Equal(("O.P.", "97153", "Riley Tech"), (revenue.ToBill.Oldest[0].PatientInitials, revenue.ToBill.Oldest[0].ServiceCode, revenue.ToBill.Oldest[0].PractitionerName));
        Assert.NotEqual(billed, revenue.ToBill.Oldest[0].AppointmentId);
    }

    [Fact]
    public async Task MigratingDown_TurnsBilledSessionsBackIntoDocumentedOnes()
    {
        var session = await VerifiedSessionAsync(Monday, 60);
        await Claims.CreateAsync(_admin, _payer.Id, new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), cancellationToken: Ct);
        await using var db = await DbAsync();

        await db.GetService<IMigrator>().MigrateAsync("20261206231606_ProviderIdentifiers", cancellationToken: Ct);

        Assert.Equal("Documented", await ScalarAsync($"SELECT status FROM appointments WHERE id = '{session}'"));
    }

    private static Dictionary<string, decimal> Fees(decimal treatment) => new() { [ServiceCode.TreatmentByProtocol] = treatment };

    private Task<AuthorizationBalance> AuthorizationAsync(Guid patientId, Guid payerId) =>
        _core.AddAuthorizationAsync(_admin, patientId, 200, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), payerId);

    private async Task<Guid> DocumentedSessionAsync(DateTimeOffset start, int minutes, Guid? authorizationId = null, Guid? patientId = null)
    {
        var session = await CompletedSessionAsync(start, minutes, authorizationId, patientId);
        await _core.Get<SessionNotes>().SignAsync(_rbtUser, session, Written, cancellationToken: Ct);
        return session;
    }

    private async Task<Guid> CompletedSessionAsync(DateTimeOffset start, int minutes, Guid? authorizationId = null, Guid? patientId = null)
    {
        var scheduler = _core.Get<AppointmentScheduler>();
        var booked = await scheduler.BookAsync(_admin, new BookingRequest(patientId ?? _patientId, _rbt, authorizationId ?? _treatment.Id, start, start.AddMinutes(minutes)), cancellationToken: Ct);
        if (_clock.GetUtcNow() < start.AddMinutes(minutes))
        {
            _clock.SetUtcNow(start.AddMinutes(minutes));
        }

        await scheduler.CompleteAsync(_admin, booked.Id, booked.Start, booked.End, cancellationToken: Ct);
        return booked.Id;
    }

    private async Task<Guid> VerifiedSessionAsync(DateTimeOffset start, int minutes, Guid? authorizationId = null, Guid? patientId = null)
    {
        var session = await DocumentedSessionAsync(start, minutes, authorizationId, patientId);
        await _core.Get<SessionVerification>().VerifyAsync(_admin, session, isAdmin: true, cancellationToken: Ct);
        return session;
    }

    private async Task<Guid> AddAdminAsync() =>
        await _core.Get<UserAdministration>().CreateAsync(_admin, new NewUser("Second Admin", $"{Guid.NewGuid():N}@example.test", "Strong-Password-1!", Roles.Admin), Ct);

    private static async Task<(Guid? Id, string? Code)> Outcome(Func<Task<Guid>> create)
    {
        try
        {
            return (await create(), null);
        }
        catch (DomainException refusal)
        {
            return (null, refusal.Code);
        }
    }

    private async Task<AppointmentStatus> StatusAsync(Guid id)
    {
        await using var db = await DbAsync();
        return (await db.Appointments.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id, Ct)).Status;
    }

    private Task<OmnirapeuticDbContext> DbAsync() => _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);

    private Task<AuthorizationBalance> BalanceAsync() => _core.Get<AuthorizationDirectory>().GetAsync(_admin.OrganizationId, _treatment.Id, Ct);

    private async Task<int> LedgerEntriesAsync()
    {
        await using var db = await DbAsync();
        return await db.UnitLedger.IgnoreQueryFilters().CountAsync(e => e.AuthorizationId == _treatment.Id, Ct);
    }

    private async Task<List<string>> AuditActionsAsync(Guid entityId)
    {
        await using var db = await DbAsync();
        return await db.AuditEvents.IgnoreQueryFilters().Where(e => e.EntityId == entityId.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }

    private Task<PostgresException?> RawAsync(string sql) => RawSql.RefusalAsync(_core.ConnectionString, sql);
}
