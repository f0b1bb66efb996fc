using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// Session notes: written and signed by the session's rendering practitioner once it is completed; signing documents
/// the session (Completed to Documented). Units and the ledger are untouched: a documented session is rendered as a
/// completed one is. The caller proves the signer's identity (their password, re-entered) before it signs. A signing,
/// like every documentation step, redraws the session wherever it is shown.
/// </summary>
public sealed class SessionNotes(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SessionRecordWriter writer)
{
    /// <summary>The note of a session, for its rendering practitioner, the client's case supervisor or an admin.</summary>
    public async Task<SessionNoteView> GetAsync(Actor actor, Guid appointmentId, bool isAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var record = await SessionRecord.LoadAsync(db, appointmentId, actor, isAdmin, tracked: false, cancellationToken);
        if (!record.ReaderRendered && !record.ReaderReviews)
        {
            throw DomainException.Forbidden(
                "not-rendering-practitioner", "A session's note is read by its practitioner, the client's case supervisor and admins.");
        }

        return record.View();
    }

    public Task<SessionNoteView> SaveAsync(Actor actor, Guid appointmentId, NoteContent content, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var normalized = content.Normalized();
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"note.save|{appointmentId}|{JsonSerializer.Serialize(normalized)}");
        return WriteAsync(actor, appointmentId, "note.save", key, announce: false, (record, note, now) =>
        {
            note.RequireDraft();
            RequireCompleted(record.Appointment);
            note.Edit(normalized, now);
        }, cancellationToken);
    }

    /// <summary>
    /// Signs the note (with <paramref name="content"/> as its final text when given) and documents the session; where
    /// the payer requires it, only with the <paramref name="caregiver"/>'s signature, taken with it.
    /// </summary>
    public Task<SessionNoteView> SignAsync(
        Actor actor, Guid appointmentId, NoteContent? content, CaregiverSignature? caregiver = null, string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        var normalized = content?.Normalized();
        var signature = caregiver?.Normalized();
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"note.sign|{appointmentId}|{JsonSerializer.Serialize(normalized)}|{JsonSerializer.Serialize(signature)}");
        return WriteAsync(actor, appointmentId, "note.sign", key, announce: true, (record, note, now) =>
        {
            note.RequireDraft();
            RequireCompleted(record.Appointment);
            if (normalized is not null)
            {
                note.Edit(normalized, now);
            }

            if (record.CaregiverSignatureRequired && signature is null)
            {
                throw DomainException.Invalid(
                    "caregiver-signature-required", "The payer of this session requires a caregiver's signature: their name and relationship to the client.");
            }

            note.Sign(actor.UserId, record.ReaderName, now, signature);
            record.Appointment.Document(now);
        }, cancellationToken);
    }

    /// <summary>
    /// A signed correction. It answers the return the session was sent back with, if any, making it ready to verify
    /// again; on a verified session it clears the verification (the note changed after review). A billed session's note
    /// is amended once its batch is voided.
    /// </summary>
    public Task<SessionNoteView> AddAddendumAsync(Actor actor, Guid appointmentId, string text, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"note.addendum|{appointmentId}|{text}");
        return WriteAsync(actor, appointmentId, "note.addendum", key, announce: true, (record, note, now) =>
        {
            if (record.Appointment.Status == AppointmentStatus.Billed)
            {
                throw DomainException.Conflict("appointment-billed", "This session is billed; its note takes an addendum once its claim batch is voided.");
            }

            var answers = record.OpenReturn?.Id;
            note.AddAddendum(text, actor.UserId, record.ReaderName, now, answers);
            if (record.Appointment.Status == AppointmentStatus.Verified)
            {
                record.Appointment.ReopenForReview(now);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The sessions of the user's practitioner profile whose note is due, oldest first: completed with the note not
    /// signed, and documented ones sent back and waiting for an addendum.
    /// </summary>
    public async Task<IReadOnlyList<NoteToWrite>> ToWriteAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var awaiting = SessionRecord.AwaitingCorrectionIds(db);
        var rows = await db.Appointments.AsNoTracking()
            .Where(a => (a.Status == AppointmentStatus.Completed || (a.Status == AppointmentStatus.Documented && awaiting.Contains(a.Id)))
                && db.Practitioners.Any(p => p.Id == a.PractitionerId && p.UserId == userId))
            .OrderBy(a => a.StartAt)
            .Select(a => new
            {
                a.Id,
                a.StartAt,
                a.EndAt,
                a.Status,
                Patient = db.Patients.Where(p => p.Id == a.PatientId).Select(p => new { p.FirstName, p.LastName }).Single(),
                ServiceCode = db.Authorizations.Where(x => x.Id == a.AuthorizationId).Select(x => x.ServiceCode).Single(),
                HasDraft = db.SessionNotes.Any(n => n.AppointmentId == a.Id),
                ReturnReason = db.SessionReturns
                    .Where(r => r.AppointmentId == a.Id && !db.NoteAddenda.Any(x => x.ResolvesReturnId == r.Id)).Select(r => r.Reason).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new NoteToWrite(
            r.Id, r.StartAt, r.EndAt, Patient.InitialsOf(r.Patient.FirstName, r.Patient.LastName), r.ServiceCode, r.HasDraft,
            r.Status == AppointmentStatus.Documented ? r.ReturnReason : null))];
    }

    /// <summary>One change to a note, by the session's rendering practitioner alone.</summary>
    private Task<SessionNoteView> WriteAsync(
        Actor actor, Guid appointmentId, string action, IdempotencyKey? key, bool announce, Action<SessionRecord, SessionNote, DateTimeOffset> change,
        CancellationToken cancellationToken) =>
        writer.WriteAsync(actor, appointmentId, actorIsAdmin: false, action, key, announce, (db, record, now) =>
        {
            if (!record.ReaderRendered)
            {
                throw DomainException.Forbidden("not-rendering-practitioner", "Only the practitioner who rendered the session writes and signs its note.");
            }

            var note = record.NoteToChange(db, now);
            change(record, note, now);
            return Task.FromResult<object>(new { noteId = note.Id, addenda = note.Addenda.Count });
        }, cancellationToken);

    private static void RequireCompleted(Appointment appointment)
    {
        if (appointment.Status != AppointmentStatus.Completed)
        {
            throw DomainException.Conflict("appointment-not-completed", $"This session is {appointment.Status}; a note is written once the session is completed.");
        }
    }
}
