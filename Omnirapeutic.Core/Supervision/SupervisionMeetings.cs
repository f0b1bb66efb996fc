using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// Non-billable supervision on the calendars: meetings of a supervisor with one or 2-10 RBTs, and observations of an
/// RBT's 97153 session. Scheduled, cancelled and completed by admins, the front desk or the supervisor themself, in
/// the organization's lane like every change of someone's time, so a session and a meeting never take the same
/// practitioner's time (the database's triggers hold the same rule). Each change is audited and announced to the
/// organization's open pages.
/// </summary>
public sealed class SupervisionMeetings(IDbContextFactory<OmnirapeuticDbContext> dbFactory, OrganizationLane lane)
{
    internal static DomainException NotSupervisable() =>
        DomainException.Invalid(
            "invalid-supervision",
            "Supervision is given by an active BCBA or BCaBA to 1-10 active RBTs of the organization; an observation lies within the RBT's 97153 session.");

    /// <param name="everyone">Admins and the front desk schedule anyone's; a supervisor only their own.</param>
    public Task<SupervisionMeetingView> ScheduleAsync(
        Actor actor, bool everyone, NewSupervisionMeeting request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        if (request.End <= request.Start || (request.End - request.Start).TotalMinutes > AppointmentScheduler.MaxSessionMinutes)
        {
            throw DomainException.Invalid("invalid-times", $"A supervision meeting ends after it starts and lasts at most {AppointmentScheduler.MaxSessionMinutes / 60} hours.");
        }

        var rbts = request.RbtIds.Distinct().ToList();
        if (rbts.Count is 0 or > SupervisionMeeting.MaxAttendees || rbts.Count != request.RbtIds.Count || (request.ObservedAppointmentId is not null && rbts.Count != 1))
        {
            throw DomainException.Invalid("invalid-supervision", $"A meeting names 1 to {SupervisionMeeting.MaxAttendees} different RBTs, an observation one.");
        }

        var fingerprint = $"supervise|{request.SupervisorId}|{string.Join(',', rbts)}|{request.Start:O}|{request.End:O}|{request.Modality}|{request.ObservedAppointmentId}";
        return lane.RunAsync(new LaneCommand<SupervisionMeetingView>(actor, "supervise", IdempotencyKey.From(actor.UserId, idempotencyKey, fingerprint), _ => { }, async (batch, ct) =>
        {
            var db = batch.Db;
            await RequireMayManageAsync(db, actor, everyone, request.SupervisorId, ct);
            var people = await db.Practitioners.AsNoTracking()
                .Where(p => p.Id == request.SupervisorId || rbts.Contains(p.Id))
                .Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName, p.Credential, p.IsActive, p.CredentialExpiresOn })
                .ToDictionaryAsync(p => p.Id, ct);
            var day = batch.LocalDate(request.Start);
            if (!people.TryGetValue(request.SupervisorId, out var supervisor) || !supervisor.Credential.CanSupervise() || !supervisor.IsActive
                || rbts.Any(id => !people.TryGetValue(id, out var rbt) || rbt.Credential != Credential.RBT || !rbt.IsActive))
            {
                throw NotSupervisable();
            }

            if (supervisor.CredentialExpiresOn is { } lastDay && day > lastDay)
            {
                throw DomainException.Conflict(
                    "credential-expired", $"{supervisor.Name}'s {supervisor.Credential} certification expires on {lastDay:yyyy-MM-dd}; a meeting on {day:yyyy-MM-dd} is after it.");
            }

            var kind = request.ObservedAppointmentId is null ? SupervisionKind.Meeting : SupervisionKind.Observation;
            if (request.ObservedAppointmentId is { } observedId)
            {
                await RequireObservableAsync(db, observedId, rbts[0], request.Start, request.End, ct);
            }

            var meeting = new SupervisionMeeting(
                actor.OrganizationId, kind, request.SupervisorId, rbts, request.Modality, request.Start, request.End, request.ObservedAppointmentId, actor.UserId, batch.Now);
            var names = people.ToDictionary(p => p.Key, p => p.Value.Name);
            await RequireFreeAsync(batch, meeting, names, ct);
            batch.Changing();
            db.SupervisionMeetings.Add(meeting);
            batch.Audit("supervision.schedule", "supervision_meeting", meeting.Id, new { kind, rbts = rbts.Count, meeting.StartAt, meeting.EndAt, meeting.Modality });
            Announce(db, actor.OrganizationId);
            return View(meeting, names);
        }, runsAlone: true), cancellationToken);
    }

    public Task<SupervisionMeetingView> CancelAsync(
        Actor actor, bool everyone, Guid meetingId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = UnitLedger.RequireReason(reason);
        return ChangeAsync(actor, everyone, meetingId, "cancel", $"cancel-supervision|{meetingId}|{why}", idempotencyKey, (meeting, now) => meeting.Cancel(why, now), cancellationToken);
    }

    public Task<SupervisionMeetingView> CompleteAsync(
        Actor actor, bool everyone, Guid meetingId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, everyone, meetingId, "complete", $"complete-supervision|{meetingId}", idempotencyKey, (meeting, now) => meeting.Complete(now), cancellationToken);

    /// <summary>The organization's supervision meetings that overlap [from, to), those of one practitioner (as supervisor or RBT) when named.</summary>
    public async Task<IReadOnlyList<SupervisionMeetingView>> ListAsync(
        Guid organizationId, DateTimeOffset from, DateTimeOffset to, Guid? practitionerId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        var overlapping = db.SupervisionMeetings.Where(m => m.StartAt < to && m.EndAt > from);
        if (practitionerId is { } id)
        {
            overlapping = overlapping.Where(m => m.SupervisorId == id || m.AttendeeIds.Contains(id));
        }

        return await ViewsAsync(db, overlapping, cancellationToken);
    }

    /// <summary>The supervision that takes a practitioner's time in [from, to), as their calendar draws it: given, or attended as an RBT of a meeting.</summary>
    internal static Task<IReadOnlyList<SupervisionMeetingView>> BusyDuringAsync(
        OmnirapeuticDbContext db, Guid practitionerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ViewsAsync(
            db,
            db.SupervisionMeetings.Where(m => m.Status != SupervisionMeetingStatus.Cancelled && m.StartAt < to && m.EndAt > from
                && (m.SupervisorId == practitionerId || (m.Kind == SupervisionKind.Meeting && m.AttendeeIds.Contains(practitionerId)))),
            cancellationToken);

    /// <summary>The organization's supervision that holds time in [from, to), as the clinic board draws it.</summary>
    internal static Task<IReadOnlyList<SupervisionMeetingView>> HoldingDuringAsync(OmnirapeuticDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ViewsAsync(db, db.SupervisionMeetings.Where(m => m.Status != SupervisionMeetingStatus.Cancelled && m.StartAt < to && m.EndAt > from), cancellationToken);

    /// <summary>The observations of a client's sessions in [from, to) that hold time, as the client's week draws them.</summary>
    internal static Task<IReadOnlyList<SupervisionMeetingView>> ObservingDuringAsync(
        OmnirapeuticDbContext db, Guid patientId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ViewsAsync(
            db,
            db.SupervisionMeetings.Where(m => m.Kind == SupervisionKind.Observation && m.Status != SupervisionMeetingStatus.Cancelled && m.StartAt < to && m.EndAt > from
                && db.Appointments.Any(a => a.Id == m.ObservedAppointmentId && a.PatientId == patientId)),
            cancellationToken);

    private static async Task<IReadOnlyList<SupervisionMeetingView>> ViewsAsync(
        OmnirapeuticDbContext db, IQueryable<SupervisionMeeting> query, CancellationToken cancellationToken)
    {
        var meetings = await query.AsNoTracking().OrderBy(m => m.StartAt).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, meetings.SelectMany(m => m.AttendeeIds.Append(m.SupervisorId)), cancellationToken);
        return [.. meetings.Select(m => View(m, names))];
    }

    private static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(OmnirapeuticDbContext db, IEnumerable<Guid> practitionerIds, CancellationToken cancellationToken)
    {
        var ids = practitionerIds.Distinct().ToList();
        return ids.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Practitioners.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FirstName + " " + p.LastName, cancellationToken);
    }

    private Task<SupervisionMeetingView> ChangeAsync(
        Actor actor, bool everyone, Guid meetingId, string action, string fingerprint, string? idempotencyKey, Action<SupervisionMeeting, DateTimeOffset> change, CancellationToken cancellationToken) =>
        lane.RunAsync(new LaneCommand<SupervisionMeetingView>(actor, $"supervision-{action}", IdempotencyKey.From(actor.UserId, idempotencyKey, fingerprint), _ => { }, async (batch, ct) =>
        {
            var db = batch.Db;
            var meeting = await db.SupervisionMeetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw DomainException.NotFound("supervision meeting");
            await RequireMayManageAsync(db, actor, everyone, meeting.SupervisorId, ct);
            change(meeting, batch.Now);
            batch.Changing();
            batch.Audit($"supervision.{action}", "supervision_meeting", meeting.Id, new { meeting.Status });
            Announce(db, actor.OrganizationId);
            return View(meeting, await NamesAsync(db, meeting.AttendeeIds.Append(meeting.SupervisorId), ct));
        }, runsAlone: true), cancellationToken);

    /// <summary>Admins and the front desk manage anyone's supervision; a practitioner only the supervision they give.</summary>
    private static async Task RequireMayManageAsync(OmnirapeuticDbContext db, Actor actor, bool everyone, Guid supervisorId, CancellationToken cancellationToken)
    {
        if (!everyone && !await db.Practitioners.AnyAsync(p => p.Id == supervisorId && p.UserId == actor.UserId, cancellationToken))
        {
            throw DomainException.Forbidden("not-supervisor", "Only the supervisor, an admin or the front desk schedules, cancels or completes this supervision.");
        }
    }

    /// <summary>An observation lies within the RBT's 97153 session, which holds its time.</summary>
    private static async Task RequireObservableAsync(OmnirapeuticDbContext db, Guid appointmentId, Guid rbtId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var session = await db.Appointments.AsNoTracking()
            .Where(a => a.Id == appointmentId)
            .Join(db.Authorizations, a => a.AuthorizationId, x => x.Id, (a, x) => new { a.PractitionerId, a.StartAt, a.EndAt, a.Status, x.ServiceCode })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("appointment");
        if (session.PractitionerId != rbtId || session.ServiceCode != ServiceCode.TreatmentByProtocol || !session.Status.HoldsTime()
            || start < session.StartAt || end > session.EndAt)
        {
            throw DomainException.Invalid("invalid-observation", "An observation is of the RBT's own 97153 session that holds its time, and lies within its times.");
        }
    }

    /// <summary>The supervisor, and for a meeting each RBT, has no other session or supervision that overlaps it.</summary>
    private static async Task RequireFreeAsync(LaneBatch batch, SupervisionMeeting meeting, IReadOnlyDictionary<Guid, string> names, CancellationToken cancellationToken)
    {
        var busy = meeting.BusyPractitioners.ToList();
        var (start, end) = (meeting.StartAt, meeting.EndAt);
        var session = await batch.Db.Appointments.AsNoTracking()
            .Where(a => busy.Contains(a.PractitionerId) && a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.NoShow && a.StartAt < end && a.EndAt > start)
            .Select(a => new { a.PractitionerId, a.StartAt, a.EndAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (session is not null)
        {
            throw DomainException.Conflict(
                "practitioner-double-booked", $"{names[session.PractitionerId]} already has a session from {batch.Local(session.StartAt):HH:mm} to {batch.Local(session.EndAt):HH:mm}.");
        }

        var other = await batch.Db.SupervisionMeetings.AsNoTracking()
            .Where(m => m.Status != SupervisionMeetingStatus.Cancelled && m.StartAt < end && m.EndAt > start
                && (busy.Contains(m.SupervisorId) || (m.Kind == SupervisionKind.Meeting && m.AttendeeIds.Any(a => busy.Contains(a)))))
            .FirstOrDefaultAsync(cancellationToken);
        if (other is not null)
        {
            var who = other.BusyPractitioners.First(busy.Contains);
            throw DomainException.Conflict(
                "practitioner-double-booked",
                $"{names[who]} already has supervision from {batch.Local(other.StartAt):HH:mm} to {batch.Local(other.EndAt):HH:mm}.");
        }
    }

    /// <summary>No balance moved: the organization's pages re-read their calendars and supervision.</summary>
    private static void Announce(OmnirapeuticDbContext db, Guid organizationId)
    {
        var calendars = BalanceChanged.CalendarsOf(organizationId);
        db.ChangedBalances.TryAdd(calendars.AuthorizationId, calendars);
    }

    private static SupervisionMeetingView View(SupervisionMeeting m, IReadOnlyDictionary<Guid, string> names) =>
        new(m.Id, m.Kind, m.SupervisorId, names.GetValueOrDefault(m.SupervisorId, "a former practitioner"),
            [.. m.AttendeeIds.Select(id => new MeetingAttendee(id, names.GetValueOrDefault(id, "a former practitioner")))],
            m.Modality, m.StartAt, m.EndAt, m.ObservedAppointmentId, m.Status);
}
