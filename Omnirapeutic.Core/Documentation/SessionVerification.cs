using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// The check before billing: an admin or the client's case supervisor verifies a documented session (Documented to
/// Verified), or sends it back to its practitioner with a reason; a session sent back is verified only after its
/// practitioner signs an addendum. Nobody reviews a session they rendered, and a session is verified only when its
/// claim line can name a rendering provider with an NPI (<c>ClaimProviders</c>). Units and the ledger do
/// not move.
/// </summary>
public sealed class SessionVerification(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SessionRecordWriter writer)
{
    public const string ReviewerMessage =
        "A session is verified by an admin or the client's case supervisor, never by the practitioner who rendered it, and not while it waits for the correction it was sent back for.";

    public Task<SessionNoteView> VerifyAsync(Actor actor, Guid appointmentId, bool isAdmin, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"session.verify|{appointmentId}");
        return writer.WriteAsync(actor, appointmentId, isAdmin, "session.verify", key, announce: true, async (db, record, now) =>
        {
            record.RequireReview(verifying: true);
            (await ClaimProviders.ForAsync(db, [appointmentId], cancellationToken))[appointmentId].RequireNpi();
            record.Appointment.Verify(actor.UserId, now);
            return new { };
        }, cancellationToken);
    }

    /// <summary>Sends a documented or verified session back to its practitioner; a verified one is documented again.</summary>
    public Task<SessionNoteView> SendBackAsync(
        Actor actor, Guid appointmentId, bool isAdmin, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"session.return|{appointmentId}|{reason}");
        return writer.WriteAsync(actor, appointmentId, isAdmin, "session.return", key, announce: true, async (db, record, now) =>
        {
            record.RequireReview(verifying: false);
            var sentBack = new SessionReturn(actor.OrganizationId, appointmentId, reason, actor.UserId, record.ReaderName, now);
            record.Appointment.ReopenForReview(now);
            record.Returns.Add(sentBack);
            db.SessionReturns.Add(sentBack);
            return new { returnId = sentBack.Id };
        }, cancellationToken);
    }

    /// <summary>
    /// The documented sessions the user may verify, oldest first: every one for an admin, their case clients' for a
    /// case supervisor; never the user's own, nor one waiting for its correction.
    /// </summary>
    public async Task<IReadOnlyList<SessionToVerify>> ToVerifyAsync(Guid organizationId, Guid userId, bool isAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var awaiting = SessionRecord.AwaitingCorrectionIds(db);
        var rows = await db.Appointments.AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Documented && !awaiting.Contains(a.Id)
                && !db.Practitioners.Any(p => p.Id == a.PractitionerId && p.UserId == userId)
                && (isAdmin || db.Patients.Any(p => p.Id == a.PatientId && db.Practitioners.Any(s => s.Id == p.CaseSupervisorId && s.UserId == userId))))
            .OrderBy(a => a.StartAt)
            .Select(a => new
            {
                a.Id,
                a.StartAt,
                a.EndAt,
                Patient = db.Patients.Where(p => p.Id == a.PatientId).Select(p => new { p.FirstName, p.LastName }).Single(),
                ServiceCode = db.Authorizations.Where(x => x.Id == a.AuthorizationId).Select(x => x.ServiceCode).Single(),
                Practitioner = db.Practitioners.Where(p => p.Id == a.PractitionerId).Select(p => p.FirstName + " " + p.LastName).Single(),
                SignedAt = db.SessionNotes.Where(n => n.AppointmentId == a.Id).Select(n => n.SignedAt).Single(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new SessionToVerify(
            r.Id, r.StartAt, r.EndAt, Patient.InitialsOf(r.Patient.FirstName, r.Patient.LastName), r.ServiceCode, r.Practitioner, r.SignedAt!.Value))];
    }
}
