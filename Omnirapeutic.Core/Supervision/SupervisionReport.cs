using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// Each RBT's supervision of a calendar month, counted from the schedule (<see cref="SupervisionRequirement"/>), for
/// whom the viewer follows: every RBT for admins and the front desk, a supervisor's own RBTs, an RBT's own month. With
/// it, the certifications that end within <see cref="ExpiryWarningDays"/> days (or have ended).
/// </summary>
public sealed class SupervisionReport(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    public const int ExpiryWarningDays = 60;

    /// <summary>A month as the API and the page name it: <c>yyyy-MM</c>; none is the organization's current month.</summary>
    public static DateOnly? ParseMonth(string? month) =>
        string.IsNullOrEmpty(month)
            ? null
            : DateOnly.TryParseExact($"{month}-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                ? first
                : throw DomainException.Invalid("invalid-month", $"A month is yyyy-MM, such as 2026-12, not '{month}'.");

    public async Task<SupervisionMonth> GetAsync(Guid organizationId, Guid userId, bool everyone, DateOnly? month = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var clock = await SupervisionClock.LoadAsync(db, organizationId, month, time, cancellationToken);
        var viewer = await db.Practitioners.Where(p => p.UserId == userId).Select(p => new Viewer(p.Id, p.Credential)).SingleOrDefaultAsync(cancellationToken);
        var rbts = await AssessAsync(db, Followed(db, viewer, everyone), clock, cancellationToken);
        var lastWarned = clock.Today.AddDays(ExpiryWarningDays);
        var expiring = await Visible(db, viewer, everyone)
            .Where(p => p.CredentialExpiresOn != null && p.CredentialExpiresOn <= lastWarned)
            .OrderBy(p => p.CredentialExpiresOn).ThenBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName, p.Credential, ExpiresOn = p.CredentialExpiresOn!.Value })
            .ToListAsync(cancellationToken);
        return new SupervisionMonth(
            clock.Month,
            clock.IsOver,
            rbts,
            [.. expiring.Select(e => new ExpiringCredential(e.Id, e.Name, e.Credential, e.ExpiresOn, e.ExpiresOn.DayNumber - clock.Today.DayNumber))]);
    }

    /// <summary>The RBTs' months, those at risk first, then those that missed it, then the rest; by name within each.</summary>
    internal static async Task<IReadOnlyList<RbtSupervision>> AssessAsync(
        OmnirapeuticDbContext db, IQueryable<Practitioner> rbts, SupervisionClock clock, CancellationToken cancellationToken)
    {
        var followed = await rbts
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new
            {
                p.Id,
                Name = p.FirstName + " " + p.LastName,
                p.SupervisorId,
                SupervisorName = db.Practitioners.Where(s => s.Id == p.SupervisorId).Select(s => s.FirstName + " " + s.LastName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        if (followed.Count == 0)
        {
            return [];
        }

        var sessions = await SessionsAsync(db, clock, cancellationToken);
        var meetings = await MeetingsAsync(db, clock, cancellationToken);
        return [.. followed
            .Select(r => Assess(r.Id, r.Name, r.SupervisorId, r.SupervisorName, sessions, meetings, clock))
            .OrderBy(r => Severity(r.Status))];
    }

    /// <summary>
    /// The 97153 and 97155 sessions holding time around the month (a day either side, so an overlay across its first
    /// midnight is seen), each with its payer's supervision share.
    /// </summary>
    internal static async Task<IReadOnlyList<SupervisionSession>> SessionsAsync(OmnirapeuticDbContext db, SupervisionClock clock, CancellationToken cancellationToken)
    {
        var (from, to) = (clock.From.AddDays(-1), clock.To.AddDays(1));
        return await db.Appointments.AsNoTracking()
            .Where(a => a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.NoShow && a.StartAt >= from && a.StartAt < to)
            .Join(db.Authorizations, a => a.AuthorizationId, x => x.Id, (a, x) => new { Appointment = a, x.ServiceCode, x.PayerId })
            .Where(r => r.ServiceCode == ServiceCode.TreatmentByProtocol || r.ServiceCode == ServiceCode.ProtocolModification)
            .Join(db.Payers, r => r.PayerId, p => p.Id, (r, p) => new SupervisionSession(
                r.Appointment.Id,
                r.Appointment.PatientId,
                r.Appointment.PractitionerId,
                r.ServiceCode,
                r.Appointment.ActualStartAt ?? r.Appointment.StartAt,
                r.Appointment.ActualEndAt ?? r.Appointment.EndAt,
                r.Appointment.Status != AppointmentStatus.Scheduled,
                p.SupervisionPercent))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The supervision meetings and observations of the month that hold time.</summary>
    internal static async Task<IReadOnlyList<SupervisionContact>> MeetingsAsync(OmnirapeuticDbContext db, SupervisionClock clock, CancellationToken cancellationToken) =>
        [.. (await db.SupervisionMeetings.AsNoTracking()
            .Where(m => m.Status != SupervisionMeetingStatus.Cancelled && m.StartAt >= clock.From && m.StartAt < clock.To)
            .ToListAsync(cancellationToken))
            .Select(SupervisionContact.Of)];

    private static RbtSupervision Assess(
        Guid rbtId,
        string name,
        Guid? supervisorId,
        string? supervisorName,
        IReadOnlyList<SupervisionSession> sessions,
        IReadOnlyList<SupervisionContact> meetings,
        SupervisionClock clock)
    {
        var share = SupervisionRequirement.SharePercent(SupervisionRequirement.Direct(rbtId, sessions, clock.From, clock.To));
        var completed = SupervisionRequirement.Count(rbtId, sessions, clock.From, clock.To, renderedOnly: true, meetings);
        var forecast = SupervisionRequirement.Count(rbtId, sessions, clock.From, clock.To, renderedOnly: false, meetings);
        var judged = clock.IsOver ? completed : forecast;
        var missing = SupervisionRequirement.Missing(judged, share);
        var required = SupervisionRequirement.RequiredMinutes(judged.DirectMinutes, share);
        return new RbtSupervision(
            rbtId,
            name,
            supervisorId,
            supervisorName,
            share,
            completed,
            forecast,
            required,
            Math.Max(0, required - judged.SupervisedMinutes),
            missing,
            SupervisionRequirement.StatusOf(judged, missing, clock.IsOver));
    }

    private static int Severity(SupervisionStatus status) => status switch
    {
        SupervisionStatus.AtRisk => 0,
        SupervisionStatus.NotMet => 1,
        SupervisionStatus.OnTrack => 2,
        SupervisionStatus.Met => 3,
        _ => 4,
    };

    /// <summary>The RBTs whose month the viewer follows: all for admins and the front desk, a supervisor's own, an RBT themself.</summary>
    internal static IQueryable<Practitioner> Followed(OmnirapeuticDbContext db, Viewer? viewer, bool everyone) =>
        everyone ? db.Practitioners.Where(p => p.IsActive && p.Credential == Credential.RBT)
        : viewer is null ? db.Practitioners.Where(_ => false)
        : viewer.Credential.CanSupervise() ? db.Practitioners.Where(p => p.IsActive && p.SupervisorId == viewer.Id)
        : db.Practitioners.Where(p => p.Id == viewer.Id);

    /// <summary>Whose certifications the viewer sees: everyone's for admins and the front desk, otherwise their own and their RBTs'.</summary>
    private static IQueryable<Practitioner> Visible(OmnirapeuticDbContext db, Viewer? viewer, bool everyone) =>
        everyone ? db.Practitioners.Where(p => p.IsActive)
        : viewer is null ? db.Practitioners.Where(_ => false)
        : db.Practitioners.Where(p => p.IsActive && (p.Id == viewer.Id || p.SupervisorId == viewer.Id));

    internal sealed record Viewer(Guid Id, Credential Credential);
}
