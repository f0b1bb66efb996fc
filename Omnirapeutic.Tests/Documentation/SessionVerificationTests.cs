using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Documentation;

/// <summary>
/// Verification: an admin or the client's case supervisor (a BCBA) verifies a documented session or sends it back
/// with a reason; nobody reviews a session they rendered; a session sent back waits for a signed addendum. Units and
/// the ledger stay as they were, and the database refuses what the domain refuses.
/// </summary>
public sealed class SessionVerificationTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateTimeOffset SessionStart = new(2027, 1, 13, 14, 0, 0, Est);
    private static readonly NoteContent Written = new("Manding with a 3-second delay", "Engaged; two prompts", "Fade the prompt", "Worked on manding across 10 trials.");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Actor _rbtUser = null!;
    private Actor _supervisorUser = null!;
    private Guid _rbt;
    private Guid _supervisor;
    private Guid _patientId;
    private AuthorizationBalance _treatment = null!;

    private SessionNotes Notes => _core.Get<SessionNotes>();

    private SessionVerification Verification => _core.Get<SessionVerification>();

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        _admin = await _core.AddClinicWithAdminAsync();
        _patientId = await _core.AddPatientAsync(_admin);
        (_rbtUser, _rbt) = await _core.AddPractitionerUserAsync(_admin, "Riley Tech");
        (_supervisorUser, _supervisor) = await _core.AddPractitionerUserAsync(_admin, "Morgan Analyst", Credential.BCBA);
        await _core.Get<PatientRegistry>().SetCaseSupervisorAsync(_admin, _patientId, _supervisor, Ct);
        _treatment = await _core.AddAuthorizationAsync(_admin, _patientId, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task TheCaseSupervisor_VerifiesADocumentedSession_AndUnitsAndTheLedgerStayAsTheyWere()
    {
        var session = await DocumentedSessionAsync();
        var before = await BalanceAsync();
        var entries = await LedgerEntriesAsync();
        _clock.Advance(TimeSpan.FromHours(1));

        var verified = await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, cancellationToken: Ct);

        Assert.Equal(AppointmentStatus.Verified, verified.SessionStatus);
        Assert.Equal(("Morgan Analyst", _clock.GetUtcNow()), (verified.VerifiedBy, verified.VerifiedAt));
        Assert.False(verified.MayVerify);
        Assert.True(verified.MaySendBack);
        var stored = await SessionAsync(session);
        Assert.Equal((AppointmentStatus.Verified, _supervisorUser.UserId), (stored.Status, stored.VerifiedByUserId));
        var after = await BalanceAsync();
        Assert.Equal((before.UsedUnits, before.ScheduledUnits, before.Version), (after.UsedUnits, after.ScheduledUnits, after.Version));
        Assert.Equal(entries, await LedgerEntriesAsync());
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_admin.OrganizationId, Ct));
        Assert.Equal(
            ("Morgan Analyst", true),
            ((await Notes.GetAsync(_rbtUser, session, isAdmin: false, Ct)).VerifiedBy, (await AuditActionsAsync(session)).Contains("session.verify")));
    }

    [Fact]
    public async Task EachStep_IsTakenOnlyFromItsState_AndOnlyByAReviewerWhoDidNotRenderIt()
    {
        var completed = await CompletedSessionAsync();
        var documented = await DocumentedSessionAsync(SessionStart.AddDays(1));
        var (colleague, _) = await _core.AddPractitionerUserAsync(_admin, "Casey Colleague");
        var (otherBcba, _) = await _core.AddPractitionerUserAsync(_admin, "Avery Other", Credential.BCBA);
        var ownSession = await DocumentedSessionAsync(SessionStart.AddDays(2), _supervisor, _supervisorUser);

        var notDocumented = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_admin, completed.Id, isAdmin: true, cancellationToken: Ct));
        var byOwnPractitioner = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_rbtUser, documented, isAdmin: false, cancellationToken: Ct));
        var byColleague = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(colleague, documented, isAdmin: false, cancellationToken: Ct));
        var byOtherBcba = await Assert.ThrowsAsync<DomainException>(() => Verification.SendBackAsync(otherBcba, documented, isAdmin: false, "No", cancellationToken: Ct));
        var ownAsSupervisor = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_supervisorUser, ownSession, isAdmin: false, cancellationToken: Ct));
        var readByOtherBcba = await Assert.ThrowsAsync<DomainException>(() => Notes.GetAsync(otherBcba, documented, isAdmin: false, Ct));
        var readBySupervisor = await Notes.GetAsync(_supervisorUser, documented, isAdmin: false, Ct);
        await Verification.VerifyAsync(_admin, ownSession, isAdmin: true, cancellationToken: Ct);
        await Verification.VerifyAsync(_supervisorUser, documented, isAdmin: false, cancellationToken: Ct);
        var twice = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_admin, documented, isAdmin: true, cancellationToken: Ct));
        var missing = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_admin, Guid.NewGuid(), isAdmin: true, cancellationToken: Ct));

        Assert.Equal((DomainErrorKind.Conflict, "appointment-not-documented"), (notDocumented.Kind, notDocumented.Code));
        Assert.All([byOwnPractitioner, ownAsSupervisor], e => Assert.Equal((DomainErrorKind.Forbidden, "own-session"), (e.Kind, e.Code)));
        Assert.All([byColleague, byOtherBcba], e => Assert.Equal((DomainErrorKind.Forbidden, "not-reviewer"), (e.Kind, e.Code)));
        Assert.Equal(DomainErrorKind.Forbidden, readByOtherBcba.Kind);
        Assert.Equal((Written.Narrative, true, true), (readBySupervisor.Narrative, readBySupervisor.MayVerify, readBySupervisor.MaySendBack));
        Assert.Equal("appointment-not-documented", twice.Code);
        Assert.Equal(DomainErrorKind.NotFound, missing.Kind);
        Assert.Equal(AppointmentStatus.Completed, (await SessionAsync(completed.Id)).Status);
        Assert.Equal(AppointmentStatus.Verified, (await SessionAsync(ownSession)).Status);
    }

    [Fact]
    public async Task ASessionSentBack_WaitsForASignedAddendum_ThenIsVerified()
    {
        var session = await DocumentedSessionAsync();
        _clock.Advance(TimeSpan.FromHours(1));

        var blank = await Assert.ThrowsAsync<DomainException>(() => Verification.SendBackAsync(_supervisorUser, session, isAdmin: false, "  ", cancellationToken: Ct));
        var sent = await Verification.SendBackAsync(_supervisorUser, session, isAdmin: false, "Say which prompts were used.", cancellationToken: Ct);
        var toWrite = await Notes.ToWriteAsync(_admin.OrganizationId, _rbtUser.UserId, Ct);
        var toVerify = await Verification.ToVerifyAsync(_admin.OrganizationId, _supervisorUser.UserId, isAdmin: false, Ct);
        var early = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_admin, session, isAdmin: true, cancellationToken: Ct));
        var again = await Assert.ThrowsAsync<DomainException>(() => Verification.SendBackAsync(_admin, session, isAdmin: true, "Also this", cancellationToken: Ct));
        _clock.Advance(TimeSpan.FromMinutes(10));
        var corrected = await Notes.AddAddendumAsync(_rbtUser, session, "Gestural prompts, faded to none by trial 8.", cancellationToken: Ct);
        var readyAgain = await Verification.ToVerifyAsync(_admin.OrganizationId, _supervisorUser.UserId, isAdmin: false, Ct);
        var verified = await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, cancellationToken: Ct);

        Assert.Equal("invalid-reason", blank.Code);
        Assert.Equal((AppointmentStatus.Documented, true), (sent.SessionStatus, sent.AwaitingCorrection));
        var returned = Assert.Single(sent.Returns);
        Assert.Equal(("Say which prompts were used.", "Morgan Analyst"), (returned.Reason, returned.ReturnedBy));
        var due = Assert.Single(toWrite);
        Assert.Equal((session, "Say which prompts were used."), (due.AppointmentId, due.ReturnReason));
        Assert.Empty(toVerify);
        Assert.All([early, again], e => Assert.Equal("awaiting-correction", e.Code));
        Assert.False(corrected.AwaitingCorrection);
        Assert.Equal([session], readyAgain.Select(s => s.AppointmentId));
        Assert.Equal(AppointmentStatus.Verified, verified.SessionStatus);
        Assert.Empty(await Notes.ToWriteAsync(_admin.OrganizationId, _rbtUser.UserId, Ct));
    }

    [Fact]
    public async Task AVerifiedSessionSentBack_IsDocumentedAgain_WithTheReason()
    {
        var session = await DocumentedSessionAsync();
        await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, cancellationToken: Ct);

        var sent = await Verification.SendBackAsync(_admin, session, isAdmin: true, "The units do not match the note.", cancellationToken: Ct);

        Assert.Equal((AppointmentStatus.Documented, null, null, true), (sent.SessionStatus, sent.VerifiedAt, sent.VerifiedBy, sent.AwaitingCorrection));
        Assert.Equal("The units do not match the note.", Assert.Single(sent.Returns).Reason);
        var stored = await SessionAsync(session);
        Assert.Equal((AppointmentStatus.Documented, null, null), (stored.Status, stored.VerifiedAt, stored.VerifiedByUserId));
    }

    [Fact]
    public async Task SessionsToVerify_AreEveryDocumentedOneForAnAdmin_AndTheCaseClientsForTheSupervisor_NeverTheirOwn()
    {
        var mine = await DocumentedSessionAsync();
        var ownBySupervisor = await DocumentedSessionAsync(SessionStart.AddDays(1), _supervisor, _supervisorUser);
        var otherPatient = await _core.AddPatientAsync(_admin);
        var otherAuthorization = await _core.AddAuthorizationAsync(_admin, otherPatient, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        var elsewhere = await DocumentedSessionAsync(SessionStart.AddDays(2), booking: new BookingRequest(otherPatient, _rbt, otherAuthorization.Id, SessionStart.AddDays(2), SessionStart.AddDays(2).AddHours(1)));
        await CompletedSessionAsync(SessionStart.AddDays(3));

        var forAdmin = await Verification.ToVerifyAsync(_admin.OrganizationId, _admin.UserId, isAdmin: true, Ct);
        var forSupervisor = await Verification.ToVerifyAsync(_admin.OrganizationId, _supervisorUser.UserId, isAdmin: false, Ct);
        var forRbt = await Verification.ToVerifyAsync(_admin.OrganizationId, _rbtUser.UserId, isAdmin: false, Ct);

        Assert.Equal([mine, ownBySupervisor, elsewhere], forAdmin.Select(s => s.AppointmentId));
        var waiting = Assert.Single(forSupervisor);
        Assert.Equal((mine, "Riley Tech", ServiceCode.TreatmentByProtocol, "O.P."), (waiting.AppointmentId, waiting.PractitionerName, waiting.ServiceCode, waiting.PatientInitials));
        Assert.Empty(forRbt);
    }

    [Fact]
    public async Task AVerification_IsAnnouncedOnCommit_AtTheAuthorizationsUnchangedVersion_SoEveryPageRedrawsIt()
    {
        var session = await DocumentedSessionAsync();
        var before = await BalanceAsync();
        await using var listener = new NpgsqlConnection(_core.ConnectionString);
        await listener.OpenAsync(Ct);
        var heard = new TaskCompletionSource<BalanceChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => heard.TrySetResult(JsonSerializer.Deserialize<BalanceChanged>(e.Payload)!);
        await using (var listen = new NpgsqlCommand($"LISTEN {BalanceChanged.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, cancellationToken: Ct);

        Assert.True(await listener.WaitAsync(30_000, Ct));
        Assert.Equal((_treatment.Id, before.Version), ((await heard.Task).AuthorizationId, (await heard.Task).Version));
    }

    [Fact]
    public async Task TwoReviewersAtOnce_VerifyTheSessionOnce()
    {
        var session = await DocumentedSessionAsync();

        var outcomes = await Task.WhenAll(
            Outcome(() => Verification.VerifyAsync(_admin, session, isAdmin: true, cancellationToken: Ct)),
            Outcome(() => Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, cancellationToken: Ct)));

        Assert.Equal(1, outcomes.Count(o => o is null));
        Assert.Equal("appointment-not-documented", Assert.Single(outcomes, o => o is not null));
        Assert.Single(await AuditActionsAsync(session), a => a == "session.verify");
    }

    [Fact]
    public async Task ARepeatedVerification_WithItsIdempotencyKey_AnswersAgain_AndVerifiesOnce()
    {
        var session = await DocumentedSessionAsync();

        var first = await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, "verify-1", Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var repeat = await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, "verify-1", Ct);

        Assert.Equal(first.VerifiedAt, repeat.VerifiedAt);
        Assert.Equal(AppointmentStatus.Verified, repeat.SessionStatus);
        Assert.Single(await AuditActionsAsync(session), a => a == "session.verify");
    }

    [Fact]
    public async Task TheCaseSupervisor_IsAnActiveBcba_InTheDomainAndTheDatabase()
    {
        var (_, rbtOnly) = await _core.AddPractitionerUserAsync(_admin, "Jordan Tech");

        var notBcba = await Assert.ThrowsAsync<DomainException>(() => _core.Get<PatientRegistry>().SetCaseSupervisorAsync(_admin, _patientId, rbtOnly, Ct));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => _core.Get<PatientRegistry>().SetCaseSupervisorAsync(_admin, _patientId, Guid.NewGuid(), Ct));
        var raw = await RawAsync($"UPDATE patients SET case_supervisor_id = '{rbtOnly}' WHERE id = '{_patientId}'");
        var shown = await _core.Get<PatientDirectory>().GetProfileAsync(_admin.OrganizationId, _patientId, Ct);
        await _core.Get<PatientRegistry>().SetCaseSupervisorAsync(_admin, _patientId, null, Ct);
        var cleared = await _core.Get<PatientDirectory>().GetProfileAsync(_admin.OrganizationId, _patientId, Ct);

        Assert.Equal((DomainErrorKind.Invalid, "case-supervisor-not-bcba"), (notBcba.Kind, notBcba.Code));
        Assert.Equal(DomainErrorKind.NotFound, unknown.Kind);
        Assert.Equal(("23514", "ck_patients_case_supervisor_bcba"), (raw?.SqlState, raw?.ConstraintName));
        Assert.Equal(new CaseSupervisor(_supervisor, "Morgan Analyst"), shown.CaseSupervisor);
        Assert.Null(cleared.CaseSupervisor);
        Assert.Equal(2, (await AuditActionsAsync(_patientId)).Count(a => a == "patient.case-supervisor"));
    }

    [Fact]
    public async Task TheDatabase_RefusesAVerificationOrAReturnNoReviewerMade_AndKeepsEveryReturn()
    {
        var session = await DocumentedSessionAsync();
        var sentBack = await DocumentedSessionAsync(SessionStart.AddDays(1));
        await Verification.SendBackAsync(_supervisorUser, sentBack, isAdmin: false, "Add the prompts.", cancellationToken: Ct);
        var otherClinicsAdmin = await _core.AddClinicWithAdminAsync();
        var colleague = (await _core.AddPractitionerUserAsync(_admin, "Casey Colleague")).Actor.UserId;

        string Verify(Guid id, Guid by) => $"UPDATE appointments SET status = 'Verified', verified_at = now(), verified_by_user_id = '{by}' WHERE id = '{id}'";
        string Return(Guid id, Guid by) =>
            "INSERT INTO session_returns (id, organization_id, appointment_id, reason, returned_at, returned_by_user_id, returned_by_name) " +
            $"SELECT gen_random_uuid(), organization_id, id, 'Why', now(), '{by}', 'x' FROM appointments WHERE id = '{id}'";
        var byRenderer = await RawAsync(Verify(session, _rbtUser.UserId));
        var byAnotherClinicsAdmin = await RawAsync(Verify(session, otherClinicsAdmin.UserId));
        var byColleague = await RawAsync(Verify(session, colleague));
        var awaiting = await RawAsync(Verify(sentBack, _admin.UserId));
        var withoutWho = await RawAsync($"UPDATE appointments SET status = 'Verified' WHERE id = '{session}'");
        var returnByRenderer = await RawAsync(Return(session, _rbtUser.UserId));
        var returnByColleague = await RawAsync(Return(session, colleague));
        var changeReturn = await RawAsync("UPDATE session_returns SET reason = 'rewritten'");
        var removeReturn = await RawAsync("DELETE FROM session_returns");
        var bySupervisor = await RawAsync(Verify(session, _supervisorUser.UserId));
        var addendumToVerified = await RawAsync(
            "INSERT INTO note_addenda (id, organization_id, note_id, text, signed_at, signed_by_user_id, signed_by_name) " +
            $"SELECT gen_random_uuid(), organization_id, id, 'Late', now(), '{_rbtUser.UserId}', 'x' FROM session_notes WHERE appointment_id = '{session}'");

        Assert.All(
            [byRenderer, byAnotherClinicsAdmin, byColleague, awaiting],
            e => Assert.Equal(("23514", "ck_appointments_verified_by_reviewer"), (e?.SqlState, e?.ConstraintName)));
        Assert.Equal(("23514", "ck_appointments_verification"), (withoutWho?.SqlState, withoutWho?.ConstraintName));
        Assert.All([returnByRenderer, returnByColleague], e => Assert.Equal(("23514", "ck_session_returns_by_reviewer"), (e?.SqlState, e?.ConstraintName)));
        Assert.All([changeReturn, removeReturn], e => Assert.Equal(("23514", "ck_session_returns_append_only"), (e?.SqlState, e?.ConstraintName)));
        Assert.Null(bySupervisor);
        Assert.Equal(("23514", "ck_note_addenda_documented"), (addendumToVerified?.SqlState, addendumToVerified?.ConstraintName));
    }

    [Fact]
    public async Task ASession_IsVerifiedOnlyWhenItsClaimLineNamesAProviderWithAnNpi_TheRbtsOwnOrTheSupervisorsWhereThePayerBillsUnderThem()
    {
        var (noNpiUser, noNpi) = await _core.AddPractitionerUserAsync(_admin, "Jordan Tech", withNpi: false);
        var withoutNpi = await DocumentedSessionAsync(SessionStart, noNpi, noNpiUser);
        var underSupervisor = await _core.Get<PayerDirectory>().CreateAsync(_admin, CoreServices.DefaultPayer with { Name = "Under supervisor", BillsUnderSupervisor = true }, Ct);
        var supervised = await _core.AddAuthorizationAsync(_admin, _patientId, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), underSupervisor.Id);
        var billedUnderBcba = await DocumentedSessionAsync(SessionStart.AddDays(1), noNpi, noNpiUser, supervised.Id);
        var unsupervisedClient = await _core.AddPatientAsync(_admin);
        var unsupervisedAuthorization = await _core.AddAuthorizationAsync(
            _admin, unsupervisedClient, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), underSupervisor.Id);
        var noSupervisor = await DocumentedSessionAsync(
            SessionStart.AddDays(2), renderer: noNpiUser,
            booking: new BookingRequest(unsupervisedClient, noNpi, unsupervisedAuthorization.Id, SessionStart.AddDays(2), SessionStart.AddDays(2).AddHours(1)));

        var missing = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_supervisorUser, withoutNpi, isAdmin: false, cancellationToken: Ct));
        var raw = await RawAsync($"UPDATE appointments SET status = 'Verified', verified_at = now(), verified_by_user_id = '{_supervisorUser.UserId}' WHERE id = '{withoutNpi}'");
        var underBcba = await Verification.VerifyAsync(_supervisorUser, billedUnderBcba, isAdmin: false, cancellationToken: Ct);
        var noCaseSupervisor = await Assert.ThrowsAsync<DomainException>(() => Verification.VerifyAsync(_admin, noSupervisor, isAdmin: true, cancellationToken: Ct));
        await _core.Get<PractitionerDirectory>().SetNpiAsync(_admin, noNpi, TestNpi.Next(), Ct);
        var once = await Verification.VerifyAsync(_supervisorUser, withoutNpi, isAdmin: false, cancellationToken: Ct);

        Assert.Equal((DomainErrorKind.Conflict, "npi-missing"), (missing.Kind, missing.Code));
        Assert.StartsWith("Jordan Tech has no NPI", missing.Message, StringComparison.Ordinal);
        Assert.Equal(("23514", "ck_appointments_verified_by_reviewer"), (raw?.SqlState, raw?.ConstraintName));
        Assert.Equal(AppointmentStatus.Verified, underBcba.SessionStatus);
        Assert.Equal("case-supervisor-missing", noCaseSupervisor.Code);
        Assert.Equal(AppointmentStatus.Verified, once.SessionStatus);
    }

    [Fact]
    public async Task AnAddendumToAVerifiedSession_ClearsItsVerification_ForAnotherReview()
    {
        var session = await DocumentedSessionAsync();
        await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, cancellationToken: Ct);

        var amended = await Notes.AddAddendumAsync(_rbtUser, session, "The delay was 5 seconds.", cancellationToken: Ct);
        var toVerify = await Verification.ToVerifyAsync(_admin.OrganizationId, _supervisorUser.UserId, isAdmin: false, Ct);

        Assert.Equal((AppointmentStatus.Documented, null, false), (amended.SessionStatus, amended.VerifiedAt, amended.AwaitingCorrection));
        Assert.Equal([session], toVerify.Select(s => s.AppointmentId));
        Assert.Equal((AppointmentStatus.Documented, null), ((await SessionAsync(session)).Status, (await SessionAsync(session)).VerifiedByUserId));
    }

    [Fact]
    public async Task MigratingDown_TurnsVerifiedSessionsBackIntoDocumentedOnes()
    {
        var session = await DocumentedSessionAsync();
        await Verification.VerifyAsync(_supervisorUser, session, isAdmin: false, cancellationToken: Ct);
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);

        await db.GetService<IMigrator>().MigrateAsync("20261206231606_ProviderIdentifiers", cancellationToken: Ct);

        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var status = new NpgsqlCommand($"SELECT status FROM appointments WHERE id = '{session}'", connection);
        Assert.Equal("Documented", await status.ExecuteScalarAsync(Ct));
    }

    private async Task<Guid> DocumentedSessionAsync(
        DateTimeOffset? start = null, Guid? practitionerId = null, Actor? renderer = null, Guid? authorizationId = null, BookingRequest? booking = null)
    {
        var at = start ?? SessionStart;
        var completed = await CompletedSessionAsync(start, practitionerId, booking ?? new BookingRequest(_patientId, practitionerId ?? _rbt, authorizationId ?? _treatment.Id, at, at.AddHours(1)));
        await Notes.SignAsync(renderer ?? _rbtUser, completed.Id, Written, cancellationToken: Ct);
        return completed.Id;
    }

    private async Task<AppointmentView> CompletedSessionAsync(DateTimeOffset? start = null, Guid? practitionerId = null, BookingRequest? booking = null)
    {
        var at = start ?? SessionStart;
        var booked = await Scheduler.BookAsync(_admin, booking ?? new BookingRequest(_patientId, practitionerId ?? _rbt, _treatment.Id, at, at.AddHours(1)), cancellationToken: Ct);
        if (_clock.GetUtcNow() < at.AddHours(2))
        {
            _clock.SetUtcNow(at.AddHours(2));
        }

        return await Scheduler.CompleteAsync(_admin, booked.Id, booked.Start, booked.End, cancellationToken: Ct);
    }

    private static async Task<string?> Outcome(Func<Task> verify)
    {
        try
        {
            await verify();
            return null;
        }
        catch (DomainException refusal)
        {
            return refusal.Code;
        }
    }

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

    private async Task<List<string>> AuditActionsAsync(Guid entityId)
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEvents.IgnoreQueryFilters().Where(e => e.EntityId == entityId.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct);
    }

    /// <summary>The statement run as its own transaction, bypassing the domain; the refusal it met, or null.</summary>
    private Task<PostgresException?> RawAsync(string sql) => RawSql.RefusalAsync(_core.ConnectionString, sql);
}
