using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Data.Configurations;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Documentation;

/// <summary>
/// A completed session's note: drafted and signed by its rendering practitioner alone, which documents the session
/// and leaves its units and the ledger as they were; a signed note is read-only and takes signed addenda, in the
/// database too; a documented session holds its practitioner's time as a completed one does.
/// </summary>
public sealed class SessionNoteTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateTimeOffset SessionStart = new(2027, 1, 13, 14, 0, 0, Est);
    private static readonly NoteContent Written = new("Manding with a 3-second delay", "Engaged; two prompts", "Fade the prompt", "Worked on manding across 10 trials.");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Actor _rbtUser = null!;
    private Guid _rbt;
    private Guid _patientId;
    private AuthorizationBalance _treatment = null!;

    private SessionNotes Notes => _core.Get<SessionNotes>();

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        _admin = await _core.AddClinicWithAdminAsync();
        _patientId = await _core.AddPatientAsync(_admin);
        (_rbtUser, _rbt) = await AddPractitionerUserAsync("Riley Tech");
        _treatment = await _core.AddAuthorizationAsync(_admin, _patientId, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Signing_DocumentsTheSession_AndLeavesUnitsAndTheLedgerAsTheyWere()
    {
        var session = await CompletedSessionAsync();
        var before = await BalanceAsync();
        var entries = await LedgerEntriesAsync();

        var draft = await Notes.SaveAsync(_rbtUser, session.Id, Written with { Narrative = "  first pass  " }, cancellationToken: Ct);
        var signed = await Notes.SignAsync(_rbtUser, session.Id, Written, cancellationToken: Ct);

        Assert.True(draft.MayWrite);
        Assert.Equal("first pass", draft.Narrative);
        Assert.Null(draft.SignedAt);
        Assert.Equal(AppointmentStatus.Documented, signed.SessionStatus);
        Assert.Equal(Written.Narrative, signed.Narrative);
        Assert.Equal("Riley Tech", signed.SignedBy);
        Assert.Equal(_clock.GetUtcNow(), signed.SignedAt);
        Assert.False(signed.MayWrite);
        Assert.True(signed.MayAmend);
        Assert.Equal(AppointmentStatus.Documented, (await SessionAsync(session.Id)).Status);
        var after = await BalanceAsync();
        Assert.Equal((before.UsedUnits, before.ScheduledUnits, before.Version), (after.UsedUnits, after.ScheduledUnits, after.Version));
        Assert.Equal(entries, await LedgerEntriesAsync());
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_admin.OrganizationId, Ct));
        Assert.Equal(["note.save", "note.sign"], await AuditActionsAsync(session.Id));
    }

    [Fact]
    public async Task ASignedNote_IsReadOnly_AndTakesSignedAddenda()
    {
        var session = await CompletedSessionAsync();
        var onDraft = await Assert.ThrowsAsync<DomainException>(() => Notes.AddAddendumAsync(_rbtUser, session.Id, "Too early", cancellationToken: Ct));
        await Notes.SignAsync(_rbtUser, session.Id, Written, cancellationToken: Ct);

        var edit = await Assert.ThrowsAsync<DomainException>(() => Notes.SaveAsync(_rbtUser, session.Id, Written with { Narrative = "Changed" }, cancellationToken: Ct));
        var again = await Assert.ThrowsAsync<DomainException>(() => Notes.SignAsync(_rbtUser, session.Id, null, cancellationToken: Ct));
        var empty = await Assert.ThrowsAsync<DomainException>(() => Notes.AddAddendumAsync(_rbtUser, session.Id, "  ", cancellationToken: Ct));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var amended = await Notes.AddAddendumAsync(_rbtUser, session.Id, "The delay was 5 seconds, not 3.", cancellationToken: Ct);

        Assert.Equal("note-not-signed", onDraft.Code);
        Assert.Equal("note-signed", edit.Code);
        Assert.Equal("note-signed", again.Code);
        Assert.Equal("invalid-note", empty.Code);
        Assert.Equal(Written.Narrative, amended.Narrative);
        var addendum = Assert.Single(amended.Addenda);
        Assert.Equal(("The delay was 5 seconds, not 3.", "Riley Tech", _clock.GetUtcNow()), (addendum.Text, addendum.SignedBy, addendum.SignedAt));
    }

    [Fact]
    public async Task TheDatabase_RefusesToChangeASignedNoteOrAnAddendum_AndADocumentedSessionWithoutOne()
    {
        var signedSession = await CompletedSessionAsync();
        await Notes.SignAsync(_rbtUser, signedSession.Id, Written, cancellationToken: Ct);
        await Notes.AddAddendumAsync(_rbtUser, signedSession.Id, "Correction.", cancellationToken: Ct);
        var draftSession = await CompletedSessionAsync(SessionStart.AddDays(1));
        await Notes.SaveAsync(_rbtUser, draftSession.Id, Written, cancellationToken: Ct);

        var update = await RawAsync($"UPDATE session_notes SET narrative = 'rewritten' WHERE appointment_id = '{signedSession.Id}'");
        var delete = await RawAsync($"DELETE FROM session_notes WHERE appointment_id = '{signedSession.Id}'");
        var addendum = await RawAsync("UPDATE note_addenda SET text = 'rewritten'");
        var onDraft = await RawAsync(
            $"INSERT INTO note_addenda (id, organization_id, note_id, text, signed_at, signed_by_user_id, signed_by_name) " +
            $"SELECT gen_random_uuid(), organization_id, id, 'x', now(), gen_random_uuid(), 'x' FROM session_notes WHERE appointment_id = '{draftSession.Id}'");
        var documented = await RawAsync($"UPDATE appointments SET status = 'Documented' WHERE id = '{draftSession.Id}'");
        var draftEdit = await RawAsync($"UPDATE session_notes SET narrative = 'still a draft' WHERE appointment_id = '{draftSession.Id}'");

        Assert.All([update, delete, addendum, onDraft], e => Assert.Equal(("23514", "ck_session_notes_signed_read_only"), (e?.SqlState, e?.ConstraintName)));
        Assert.Equal(("23514", "ck_appointments_documented_signed"), (documented?.SqlState, documented?.ConstraintName));
        Assert.Null(draftEdit);
        Assert.Equal(Written.Narrative, (await Notes.GetAsync(_rbtUser, signedSession.Id, isAdmin: false, Ct)).Narrative);
    }

    [Fact]
    public async Task ADocumentedSession_HoldsItsPractitionersTime_InTheDomainAndTheDatabase()
    {
        var session = await CompletedSessionAsync();
        await Notes.SignAsync(_rbtUser, session.Id, Written, cancellationToken: Ct);
        var otherPatient = await _core.AddPatientAsync(_admin);
        var other = await _core.AddAuthorizationAsync(_admin, otherPatient, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.BookAsync(_admin, new BookingRequest(otherPatient, _rbt, other.Id, SessionStart.AddMinutes(30), SessionStart.AddMinutes(90)), cancellationToken: Ct));
        var raw = await RawAsync(
            "INSERT INTO appointments (id, organization_id, patient_id, practitioner_id, authorization_id, start_at, end_at, units, rounding_rule, status, created_at, updated_at) " +
            $"SELECT gen_random_uuid(), organization_id, '{otherPatient}', practitioner_id, '{other.Id}', start_at, end_at, units, rounding_rule, 'Scheduled', now(), now() " +
            $"FROM appointments WHERE id = '{session.Id}'");

        Assert.Equal("practitioner-double-booked", refusal.Code);
        Assert.Equal(("23P01", "ex_appointments_practitioner_overlap"), (raw?.SqlState, raw?.ConstraintName));
    }

    [Fact]
    public async Task ADocumentedSession_HoldsItsClientsTime_InTheDatabasesPatientOverlapRule()
    {
        var session = await CompletedSessionAsync();
        await Notes.SignAsync(_rbtUser, session.Id, Written, cancellationToken: Ct);
        var colleague = await _core.AddPractitionerAsync(_admin, Credential.RBT);

        var raw = await RawAsync(
            "INSERT INTO appointments (id, organization_id, patient_id, practitioner_id, authorization_id, start_at, end_at, units, rounding_rule, status, created_at, updated_at) " +
            $"SELECT gen_random_uuid(), organization_id, patient_id, '{colleague}', authorization_id, start_at, end_at, units, rounding_rule, 'Scheduled', now(), now() " +
            $"FROM appointments WHERE id = '{session.Id}'");

        Assert.Equal(("23P01", "ex_appointments_patient_overlap"), (raw?.SqlState, raw?.ConstraintName));
    }

    [Fact]
    public async Task ARepeatedAddendum_WithItsIdempotencyKey_IsAddedOnce_AndTheKeyServesNoOtherRequest()
    {
        var session = await CompletedSessionAsync();
        await Notes.SignAsync(_rbtUser, session.Id, Written, idempotencyKey: "sign-1", cancellationToken: Ct);

        var signedAgain = await Notes.SignAsync(_rbtUser, session.Id, Written, idempotencyKey: "sign-1", cancellationToken: Ct);
        var first = await Notes.AddAddendumAsync(_rbtUser, session.Id, "Correction.", "addendum-1", Ct);
        var repeat = await Notes.AddAddendumAsync(_rbtUser, session.Id, "Correction.", "addendum-1", Ct);
        var reused = await Assert.ThrowsAsync<DomainException>(() => Notes.AddAddendumAsync(_rbtUser, session.Id, "Another correction.", "addendum-1", Ct));

        Assert.Equal(AppointmentStatus.Documented, signedAgain.SessionStatus);
        Assert.Equal(first, repeat with { Addenda = first.Addenda, Returns = first.Returns });
        Assert.Equal(first.Addenda.Select(a => a.Id), repeat.Addenda.Select(a => a.Id));
        Assert.Equal("idempotency-key-reused", reused.Code);
        Assert.Single((await Notes.GetAsync(_rbtUser, session.Id, isAdmin: false, Ct)).Addenda);
    }

    [Fact]
    public async Task MigratingDown_TurnsDocumentedSessionsBackIntoCompletedOnes()
    {
        var session = await CompletedSessionAsync();
        await Notes.SignAsync(_rbtUser, session.Id, Written, cancellationToken: Ct);
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);

        await db.GetService<IMigrator>().MigrateAsync("20261205051829_Availability", cancellationToken: Ct);

        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var status = new NpgsqlCommand($"SELECT status FROM appointments WHERE id = '{session.Id}'", connection);
        Assert.Equal("Completed", await status.ExecuteScalarAsync(Ct));
        await using var predicate = new NpgsqlCommand(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ex_appointments_practitioner_overlap'", connection);
        Assert.Contains("'Completed'", (string)(await predicate.ExecuteScalarAsync(Ct))!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheRenderingPractitioner_WritesTheNote_AdminsRead_AndOnlyACompletedSessionTakesOne()
    {
        var session = await CompletedSessionAsync();
        var (colleague, _) = await AddPractitionerUserAsync("Casey Colleague");
        await Notes.SaveAsync(_rbtUser, session.Id, Written, cancellationToken: Ct);
        var scheduled = await Scheduler.BookAsync(_admin, Booking(SessionStart.AddDays(7)), cancellationToken: Ct);

        var byColleague = await Assert.ThrowsAsync<DomainException>(() => Notes.SignAsync(colleague, session.Id, Written, cancellationToken: Ct));
        var byAdmin = await Assert.ThrowsAsync<DomainException>(() => Notes.SaveAsync(_admin, session.Id, Written, cancellationToken: Ct));
        var readByColleague = await Assert.ThrowsAsync<DomainException>(() => Notes.GetAsync(colleague, session.Id, isAdmin: false, Ct));
        var readByAdmin = await Notes.GetAsync(_admin, session.Id, isAdmin: true, Ct);
        var early = await Assert.ThrowsAsync<DomainException>(() => Notes.SaveAsync(_rbtUser, scheduled.Id, Written, cancellationToken: Ct));
        var incomplete = await Assert.ThrowsAsync<DomainException>(() => Notes.SignAsync(_rbtUser, session.Id, Written with { Narrative = " " }, cancellationToken: Ct));
        var missing = await Assert.ThrowsAsync<DomainException>(() => Notes.GetAsync(_admin, Guid.NewGuid(), isAdmin: true, Ct));
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => Notes.SaveAsync(_rbtUser, session.Id, Written with { NextSteps = new string('x', 4001) }, cancellationToken: Ct));

        Assert.All([byColleague, byAdmin, readByColleague], e => Assert.Equal((DomainErrorKind.Forbidden, "not-rendering-practitioner"), (e.Kind, e.Code)));
        Assert.Equal((Written.Narrative, false, false), (readByAdmin.Narrative, readByAdmin.MayWrite, readByAdmin.MayAmend));
        Assert.Equal("appointment-not-completed", early.Code);
        Assert.Equal("note-incomplete", incomplete.Code);
        Assert.Equal(DomainErrorKind.NotFound, missing.Kind);
        Assert.Equal("invalid-note", tooLong.Code);
        Assert.Equal(AppointmentStatus.Completed, (await SessionAsync(session.Id)).Status);
        Assert.Equal(Written.Narrative, (await Notes.GetAsync(_rbtUser, session.Id, isAdmin: false, Ct)).Narrative);
    }

    [Fact]
    public async Task NotesToWrite_ListTheCompletedSessionsOfThePractitioner_UntilSigned()
    {
        var first = await CompletedSessionAsync();
        var second = await CompletedSessionAsync(SessionStart.AddDays(1));
        await Scheduler.BookAsync(_admin, Booking(SessionStart.AddDays(7)), cancellationToken: Ct);
        await Notes.SaveAsync(_rbtUser, second.Id, Written with { Narrative = null }, cancellationToken: Ct);
        var (colleague, _) = await AddPractitionerUserAsync("Casey Colleague");

        var before = await Notes.ToWriteAsync(_admin.OrganizationId, _rbtUser.UserId, Ct);
        await Notes.SignAsync(_rbtUser, first.Id, Written, cancellationToken: Ct);
        var after = await Notes.ToWriteAsync(_admin.OrganizationId, _rbtUser.UserId, Ct);

        Assert.Equal([(first.Id, false), (second.Id, true)], before.Select(n => (n.AppointmentId, n.HasDraft)));
        Assert.Equal(("O.P.", ServiceCode.TreatmentByProtocol), (before[0].PatientInitials, before[0].ServiceCode));
        Assert.Equal([second.Id], after.Select(n => n.AppointmentId));
        Assert.Empty(await Notes.ToWriteAsync(_admin.OrganizationId, colleague.UserId, Ct));
        Assert.Empty(await Notes.ToWriteAsync(_admin.OrganizationId, _admin.UserId, Ct));
    }

    [Fact]
    public async Task WhereThePayerRequiresIt_ANoteIsSignedOnlyWithACaregiversSignature_TakenWithIt()
    {
        await RequireCaregiverSignatureAsync();
        var session = await CompletedSessionAsync();

        var missing = await Assert.ThrowsAsync<DomainException>(() => Notes.SignAsync(_rbtUser, session.Id, Written, cancellationToken: Ct));
        var blank = await Assert.ThrowsAsync<DomainException>(() => Notes.SignAsync(_rbtUser, session.Id, Written, new CaregiverSignature(" ", "Mother"), cancellationToken: Ct));
        var unsigned = await Notes.GetAsync(_rbtUser, session.Id, isAdmin: false, Ct);
        var signed = await Notes.SignAsync(_rbtUser, session.Id, Written, new CaregiverSignature(" Dana Doe ", "Mother"), cancellationToken: Ct);

        Assert.Equal(("caregiver-signature-required", "invalid-caregiver-signature"), (missing.Code, blank.Code));
        Assert.Equal((true, AppointmentStatus.Completed, (DateTimeOffset?)null), (unsigned.CaregiverSignatureRequired, unsigned.SessionStatus, unsigned.SignedAt));
        Assert.Equal(AppointmentStatus.Documented, signed.SessionStatus);
        Assert.Equal(("Dana Doe", "Mother", signed.SignedAt), (signed.CaregiverName, signed.CaregiverRelationship, signed.CaregiverSignedAt));
    }

    [Fact]
    public async Task WhereThePayerDoesNotRequireIt_ACaregiverMaySignAnyway()
    {
        var session = await CompletedSessionAsync();

        var signed = await Notes.SignAsync(_rbtUser, session.Id, Written, new CaregiverSignature("Dana Doe", "Mother"), cancellationToken: Ct);

        Assert.False(signed.CaregiverSignatureRequired);
        Assert.Equal(("Dana Doe", AppointmentStatus.Documented), (signed.CaregiverName, signed.SessionStatus));
    }

    [Fact]
    public async Task TheDatabase_DocumentsASessionOfSuchAPayer_OnlyWithTheCaregiversSignature()
    {
        var session = await CompletedSessionAsync();
        await Notes.SaveAsync(_rbtUser, session.Id, Written, cancellationToken: Ct);
        await RequireCaregiverSignatureAsync();

        var halfASignature = await RawAsync($"UPDATE session_notes SET caregiver_name = 'Dana Doe' WHERE appointment_id = '{session.Id}'");
        var documented = await RawAsync(
            $"BEGIN; UPDATE session_notes SET signed_at = now(), signed_by_user_id = '{_rbtUser.UserId}', signed_by_name = 'Riley Tech' WHERE appointment_id = '{session.Id}'; " +
            $"UPDATE appointments SET status = 'Documented' WHERE id = '{session.Id}'; COMMIT;");

        Assert.Equal(("23514", "ck_session_notes_caregiver_signature"), (halfASignature?.SqlState, halfASignature?.ConstraintName));
        Assert.Equal(("23514", SessionNoteConfiguration.CaregiverSignedConstraint), (documented?.SqlState, documented?.ConstraintName));
        Assert.Equal(AppointmentStatus.Completed, (await SessionAsync(session.Id)).Status);
    }

    private async Task RequireCaregiverSignatureAsync()
    {
        var payers = _core.Get<PayerDirectory>();
        var payer = (await payers.ListAsync(_admin.OrganizationId, Ct)).Single(p => p.Id == _treatment.PayerId);
        await payers.ChangeAsync(_admin, payer.Id, CoreServices.DefaultPayer with { Name = payer.Name, RequiresCaregiverSignature = true }, Ct);
    }

    private Task<(Actor Actor, Guid PractitionerId)> AddPractitionerUserAsync(string name) => _core.AddPractitionerUserAsync(_admin, name);

    private async Task<AppointmentView> CompletedSessionAsync(DateTimeOffset? start = null)
    {
        var at = start ?? SessionStart;
        var booked = await Scheduler.BookAsync(_admin, Booking(at), cancellationToken: Ct);
        if (_clock.GetUtcNow() < at.AddHours(2))
        {
            _clock.SetUtcNow(at.AddHours(2));
        }

        return await Scheduler.CompleteAsync(_admin, booked.Id, booked.Start, booked.End, cancellationToken: Ct);
    }

    private BookingRequest Booking(DateTimeOffset start) => new(_patientId, _rbt, _treatment.Id, start, start.AddHours(1));

    private Task<AuthorizationBalance> BalanceAsync() => _core.Get<AuthorizationDirectory>().GetAsync(_admin.OrganizationId, _treatment.Id, Ct);

    private async Task<Appointment> SessionAsync(Guid id)
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        return await db.Appointments.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Id == id, Ct);
    }

    private async Task<int> LedgerEntriesAsync()
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        return await db.UnitLedger.IgnoreQueryFilters().CountAsync(e => e.AuthorizationId == _treatment.Id, Ct);
    }

    private async Task<List<string>> AuditActionsAsync(Guid appointmentId)
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEvents.IgnoreQueryFilters()
            .Where(e => e.EntityId == appointmentId.ToString() && e.Action.StartsWith("note."))
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct);
    }

    /// <summary>The statement run as its own transaction, bypassing the domain; the refusal it met, or null.</summary>
    private Task<PostgresException?> RawAsync(string sql) => RawSql.RefusalAsync(_core.ConnectionString, sql);
}
