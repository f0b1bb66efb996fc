using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// One session's documentation as one reader sees it: the session, its note and addenda, the times it was sent back,
/// and who the reader is to it (its rendering practitioner, a reviewer: an admin or the client's case supervisor).
/// </summary>
internal sealed class SessionRecord
{
    private SessionRecord(
        Appointment appointment, Guid? practitionerUserId, SessionNote? note, List<SessionReturn> returns, Actor reader, string readerName, bool readerReviews,
        string? verifiedByName, bool caregiverSignatureRequired)
    {
        Appointment = appointment;
        PractitionerUserId = practitionerUserId;
        Note = note;
        Returns = returns;
        Reader = reader;
        ReaderName = readerName;
        ReaderReviews = readerReviews;
        VerifiedByName = verifiedByName;
        CaregiverSignatureRequired = caregiverSignatureRequired;
    }

    /// <summary>Whether the payer of the session's authorization documents it only with a caregiver's signature.</summary>
    public bool CaregiverSignatureRequired { get; }

    public Appointment Appointment { get; }

    public Guid? PractitionerUserId { get; }

    public SessionNote? Note { get; private set; }

    public List<SessionReturn> Returns { get; }

    public Actor Reader { get; }

    /// <summary>The reader's display name as it reads now: what a signature, a return or a verification records.</summary>
    public string ReaderName { get; }

    /// <summary>An admin, or the user of the client's case supervisor.</summary>
    public bool ReaderReviews { get; }

    public bool ReaderRendered => PractitionerUserId == Reader.UserId;

    /// <summary>The return no addendum has answered yet, if any (there is at most one: a session waiting is not sent back again).</summary>
    public SessionReturn? OpenReturn => Returns.FirstOrDefault(r => !(Note?.Addenda ?? []).Any(a => a.ResolvesReturnId == r.Id));

    /// <summary>Sent back, and no addendum has answered it: it waits for its practitioner's correction.</summary>
    public bool AwaitingCorrection => OpenReturn is not null;

    public bool MayVerify => ReaderReviews && !ReaderRendered && Appointment.Status == AppointmentStatus.Documented && !AwaitingCorrection;

    public bool MaySendBack => ReaderReviews && !ReaderRendered && (MayVerify || Appointment.Status == AppointmentStatus.Verified);

    /// <summary>Refuses a verification or a return this reader may not make, with the reason it may not.</summary>
    public void RequireReview(bool verifying)
    {
        if (ReaderRendered)
        {
            throw DomainException.Forbidden("own-session", "Nobody verifies or sends back a session they rendered; another reviewer does.");
        }

        if (!ReaderReviews)
        {
            throw DomainException.Forbidden("not-reviewer", "A session is verified or sent back by an admin or the client's case supervisor.");
        }

        if (AwaitingCorrection)
        {
            throw DomainException.Conflict(
                "awaiting-correction", "This session was sent back; it is ready to verify again once its practitioner signs an addendum.");
        }

        if (verifying ? !MayVerify : !MaySendBack)
        {
            throw DomainException.Conflict(
                "appointment-not-documented", $"This session is {Appointment.Status}; only a documented session is verified, and a documented or verified one sent back.");
        }
    }

    private string? VerifiedByName { get; }

    /// <summary>The sessions of this organization with a return no addendum has answered.</summary>
    public static IQueryable<Guid> AwaitingCorrectionIds(OmnirapeuticDbContext db) =>
        db.SessionReturns.Where(r => !db.NoteAddenda.Any(a => a.ResolvesReturnId == r.Id)).Select(r => r.AppointmentId);

    public static async Task<SessionRecord> LoadAsync(
        OmnirapeuticDbContext db, Guid appointmentId, Actor reader, bool readerIsAdmin, bool tracked, CancellationToken cancellationToken)
    {
        var appointments = tracked ? db.Appointments : db.Appointments.AsNoTracking();
        var appointment = await appointments.SingleOrDefaultAsync(a => a.Id == appointmentId, cancellationToken) ?? throw DomainException.NotFound("appointment");
        var practitionerUserId = await db.Practitioners.Where(p => p.Id == appointment.PractitionerId).Select(p => p.UserId).SingleAsync(cancellationToken);
        var caregiverSignatureRequired = await db.Authorizations.Where(x => x.Id == appointment.AuthorizationId)
            .Join(db.Payers, x => x.PayerId, p => p.Id, (x, p) => p.RequiresCaregiverSignature).SingleAsync(cancellationToken);
        var readerReviews = readerIsAdmin || await db.Patients.AnyAsync(
            p => p.Id == appointment.PatientId && db.Practitioners.Any(s => s.Id == p.CaseSupervisorId && s.UserId == reader.UserId), cancellationToken);
        var notes = tracked ? db.SessionNotes : db.SessionNotes.AsNoTracking();
        var note = await notes.Include(n => n.Addenda).SingleOrDefaultAsync(n => n.AppointmentId == appointmentId, cancellationToken);
        var returns = tracked ? db.SessionReturns : db.SessionReturns.AsNoTracking();
        var sentBack = await returns.Where(r => r.AppointmentId == appointmentId).OrderBy(r => r.ReturnedAt).ToListAsync(cancellationToken);
        var names = await db.Users.Where(u => u.Id == reader.UserId || u.Id == appointment.VerifiedByUserId)
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new SessionRecord(
            appointment, practitionerUserId, note, sentBack, reader, names.GetValueOrDefault(reader.UserId, string.Empty), readerReviews,
            appointment.VerifiedByUserId is { } verifier ? names.GetValueOrDefault(verifier) : null, caregiverSignatureRequired);
    }

    /// <summary>The session's note, created as a draft of its rendering practitioner's when it has none yet.</summary>
    public SessionNote NoteToChange(OmnirapeuticDbContext db, DateTimeOffset now)
    {
        if (Note is null)
        {
            Note = new SessionNote(Appointment.OrganizationId, Appointment.Id, Appointment.PractitionerId, now);
            db.SessionNotes.Add(Note);
        }

        return Note;
    }

    public SessionNoteView View() => new(
        Appointment.Id,
        Appointment.Status,
        Appointment.PractitionerId,
        ReaderRendered && Appointment.Status == AppointmentStatus.Completed && Note?.IsSigned != true,
        ReaderRendered && Note?.IsSigned == true && Appointment.Status != AppointmentStatus.Billed,
        MayVerify,
        MaySendBack,
        AwaitingCorrection,
        Note?.GoalsAddressed,
        Note?.ClientResponse,
        Note?.NextSteps,
        Note?.Narrative,
        Note?.UpdatedAt,
        Note?.SignedAt,
        Note?.SignedByName,
        CaregiverSignatureRequired,
        Note?.CaregiverName,
        Note?.CaregiverRelationship,
        Note?.CaregiverSignedAt,
        [.. (Note?.Addenda ?? []).OrderBy(a => a.SignedAt).Select(a => new AddendumView(a.Id, a.Text, a.SignedAt, a.SignedByName))],
        [.. Returns.Select(r => new ReturnView(r.Id, r.Reason, r.ReturnedAt, r.ReturnedByName))],
        Appointment.VerifiedAt,
        Appointment.VerifiedByUserId switch
        {
            null => null,
            var verifier when verifier == Reader.UserId => ReaderName,
            _ => VerifiedByName,
        });
}

/// <summary>
/// The one way a documentation step is written: in its own SERIALIZABLE transaction, replaying a saved change's first
/// answer for a repeated idempotency key (a refused one saved nothing and is checked afresh), audited by record ids
/// only, and (unless it only saves a draft) announced on the session's authorization at its unchanged version, so every
/// page showing the session redraws its state on every node while units and the ledger stay as they are.
/// </summary>
public sealed class SessionRecordWriter(SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    /// <param name="announce">Whether the change moves the session on (all but a draft's save), so pages redraw it.</param>
    internal Task<SessionNoteView> WriteAsync(
        Actor actor, Guid appointmentId, bool actorIsAdmin, string action, IdempotencyKey? key, bool announce,
        Func<OmnirapeuticDbContext, SessionRecord, DateTimeOffset, Task<object>> change, CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var now = time.GetUtcNow();
            if (key is not null && (await db.FindAnswersAsync([key], now, ct)).SingleOrDefault() is { } answered)
            {
                return answered.Replay<SessionNoteView>(key);
            }

            var record = await SessionRecord.LoadAsync(db, appointmentId, actor, actorIsAdmin, tracked: true, ct);
            var details = await change(db, record, now);
            db.AuditEvents.Add(new AuditEvent(actor.OrganizationId, actor.UserId, action, "appointment", appointmentId.ToString(), JsonSerializer.Serialize(details), now));
            if (announce)
            {
                await db.AnnounceSessionsChangedAsync(actor.OrganizationId, [record.Appointment.AuthorizationId], ct);
            }

            var view = record.View();
            if (key is not null)
            {
                db.IdempotencyRecords.Add(IdempotencyRecord.Succeeded(actor.OrganizationId, key, view, now));
            }

            return view;
        }, cancellationToken);
}
