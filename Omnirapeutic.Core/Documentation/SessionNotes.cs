using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// Session notes: written and signed by the session's rendering practitioner once it is completed; signing documents
/// the session (Completed to Documented). Units and the ledger are untouched: a documented session is rendered as a
/// completed one is. The caller proves the signer's identity (their password, re-entered) before it signs.
/// </summary>
public sealed class SessionNotes(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>The note of a session, for its rendering practitioner or, with <paramref name="readAny"/>, for an admin.</summary>
    public async Task<SessionNoteView> GetAsync(Actor actor, Guid appointmentId, bool readAny, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var session = await SessionAsync(db, appointmentId, cancellationToken);
        if (!readAny && session.PractitionerUserId != actor.UserId)
        {
            throw NotRenderingPractitioner();
        }

        var note = await db.SessionNotes.AsNoTracking().Include(n => n.Addenda).SingleOrDefaultAsync(n => n.AppointmentId == appointmentId, cancellationToken);
        return View(session, note, actor);
    }

    public Task<SessionNoteView> SaveAsync(Actor actor, Guid appointmentId, NoteContent content, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var normalized = content.Normalized();
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"note.save|{appointmentId}|{JsonSerializer.Serialize(normalized)}");
        return WriteAsync(actor, appointmentId, "note.save", key, (session, note, _, now) =>
        {
            note.RequireDraft();
            RequireCompleted(session.Appointment);
            note.Edit(normalized, now);
        }, cancellationToken);
    }

    /// <summary>Signs the note (with <paramref name="content"/> as its final text when given) and documents the session.</summary>
    public Task<SessionNoteView> SignAsync(Actor actor, Guid appointmentId, NoteContent? content, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var normalized = content?.Normalized();
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"note.sign|{appointmentId}|{JsonSerializer.Serialize(normalized)}");
        return WriteAsync(actor, appointmentId, "note.sign", key, (session, note, signer, now) =>
        {
            note.RequireDraft();
            RequireCompleted(session.Appointment);
            if (normalized is not null)
            {
                note.Edit(normalized, now);
            }

            note.Sign(actor.UserId, signer, now);
            session.Appointment.Document(now);
        }, cancellationToken);
    }

    public Task<SessionNoteView> AddAddendumAsync(Actor actor, Guid appointmentId, string text, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"note.addendum|{appointmentId}|{text}");
        return WriteAsync(actor, appointmentId, "note.addendum", key, (_, note, signer, now) => note.AddAddendum(text, actor.UserId, signer, now), cancellationToken);
    }

    /// <summary>The completed sessions of the user's practitioner profile whose note is not signed, oldest first.</summary>
    public async Task<IReadOnlyList<NoteToWrite>> ToWriteAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var rows = await db.Appointments.AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Completed && db.Practitioners.Any(p => p.Id == a.PractitionerId && p.UserId == userId))
            .OrderBy(a => a.StartAt)
            .Select(a => new
            {
                a.Id,
                a.StartAt,
                a.EndAt,
                Patient = db.Patients.Where(p => p.Id == a.PatientId).Select(p => new { p.FirstName, p.LastName }).Single(),
                ServiceCode = db.Authorizations.Where(x => x.Id == a.AuthorizationId).Select(x => x.ServiceCode).Single(),
                HasDraft = db.SessionNotes.Any(n => n.AppointmentId == a.Id),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new NoteToWrite(r.Id, r.StartAt, r.EndAt, $"{r.Patient.FirstName[..1]}.{r.Patient.LastName[..1]}.", r.ServiceCode, r.HasDraft))];
    }

    /// <summary>
    /// One change to a note in its own transaction. With an idempotency key, a repeat of a change that was saved gets
    /// its first answer again (a refused one saved nothing and is checked afresh).
    /// </summary>
    private Task<SessionNoteView> WriteAsync(
        Actor actor, Guid appointmentId, string action, IdempotencyKey? key, Action<Session, SessionNote, string, DateTimeOffset> change, CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            if (key is not null && (await db.FindAnswersAsync([key], time.GetUtcNow(), ct)).SingleOrDefault() is { } answered)
            {
                return answered.Replay<SessionNoteView>(key);
            }

            var session = await SessionAsync(db, appointmentId, ct, tracked: true);
            if (session.PractitionerUserId != actor.UserId)
            {
                throw NotRenderingPractitioner();
            }

            var signer = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).SingleAsync(ct);
            var note = await db.SessionNotes.Include(n => n.Addenda).SingleOrDefaultAsync(n => n.AppointmentId == appointmentId, ct);
            if (note is null)
            {
                note = new SessionNote(actor.OrganizationId, appointmentId, session.Appointment.PractitionerId, time.GetUtcNow());
                db.SessionNotes.Add(note);
            }

            change(session, note, signer, time.GetUtcNow());

            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, action, "appointment", appointmentId.ToString(),
                JsonSerializer.Serialize(new { noteId = note.Id, addenda = note.Addenda.Count }), time.GetUtcNow()));
            var view = View(session, note, actor);
            if (key is not null)
            {
                db.IdempotencyRecords.Add(IdempotencyRecord.Succeeded(actor.OrganizationId, key, view, time.GetUtcNow()));
            }

            return view;
        }, cancellationToken);

    private static async Task<Session> SessionAsync(OmnirapeuticDbContext db, Guid appointmentId, CancellationToken cancellationToken, bool tracked = false)
    {
        var appointments = tracked ? db.Appointments : db.Appointments.AsNoTracking();
        var appointment = await appointments.SingleOrDefaultAsync(a => a.Id == appointmentId, cancellationToken) ?? throw DomainException.NotFound("appointment");
        var userId = await db.Practitioners.Where(p => p.Id == appointment.PractitionerId).Select(p => p.UserId).SingleAsync(cancellationToken);
        return new Session(appointment, userId);
    }

    private static void RequireCompleted(Appointment appointment)
    {
        if (appointment.Status != AppointmentStatus.Completed)
        {
            throw DomainException.Conflict("appointment-not-completed", $"This session is {appointment.Status}; a note is written once the session is completed.");
        }
    }

    private static DomainException NotRenderingPractitioner() =>
        DomainException.Forbidden("not-rendering-practitioner", "Only the practitioner who rendered the session writes and signs its note.");

    private static SessionNoteView View(Session session, SessionNote? note, Actor actor) => new(
        session.Appointment.Id,
        session.Appointment.Status,
        session.Appointment.PractitionerId,
        session.PractitionerUserId == actor.UserId && session.Appointment.Status == AppointmentStatus.Completed && note?.IsSigned != true,
        session.PractitionerUserId == actor.UserId && note?.IsSigned == true,
        note?.GoalsAddressed,
        note?.ClientResponse,
        note?.NextSteps,
        note?.Narrative,
        note?.UpdatedAt,
        note?.SignedAt,
        note?.SignedByName,
        [.. (note?.Addenda ?? []).OrderBy(a => a.SignedAt).Select(a => new AddendumView(a.Id, a.Text, a.SignedAt, a.SignedByName))]);

    private sealed record Session(Appointment Appointment, Guid? PractitionerUserId);
}
