using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// The fix for an RBT at risk in a month not yet over (this one, or one planned ahead): 97155s to book over their coming 97153 sessions (ones no 97155 covers yet),
/// each long enough for the minutes still needed (at least <see cref="ShortestOverlayMinutes"/>, at most the session),
/// with their supervisor first (or another BCBA or BCaBA when the viewer is the front desk) where that analyst is free
/// and the client has a 97155 authorization for the day. Each is checked as the booking path would check it
/// (<see cref="AppointmentScheduler.PreviewAsync"/>) and offered only if it books without a refusal or a warning.
/// </summary>
public sealed class SupervisionPlanner(IDbContextFactory<OmnirapeuticDbContext> dbFactory, AppointmentScheduler scheduler, TimeProvider time)
{
    public const int MaxSuggestions = 3;

    public const int ShortestOverlayMinutes = 30;

    /// <summary>Checked bookings tried at most per request, so an RBT with a long month stays quick to plan.</summary>
    private const int MaxPreviews = 12;

    /// <param name="month">The month to plan; none is this month. A month over has nothing left to book.</param>
    public async Task<IReadOnlyList<SupervisionSuggestion>> SuggestAsync(
        Actor actor, bool everyone, Guid rbtId, DateOnly? month = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var clock = await SupervisionClock.LoadAsync(db, actor.OrganizationId, month, time, cancellationToken);
        var viewer = await db.Practitioners.Where(p => p.UserId == actor.UserId).Select(p => new SupervisionReport.Viewer(p.Id, p.Credential)).SingleOrDefaultAsync(cancellationToken);
        var assessed = await SupervisionReport.AssessAsync(db, SupervisionReport.Followed(db, viewer, everyone).Where(p => p.Id == rbtId), clock, cancellationToken);
        var rbt = assessed.SingleOrDefault() ?? throw DomainException.NotFound("RBT");
        if (rbt.Status != SupervisionStatus.AtRisk)
        {
            return [];
        }

        var sessions = await SupervisionReport.SessionsAsync(db, clock, cancellationToken);
        var coming = SupervisionRequirement.Direct(rbtId, sessions, clock.From, clock.To)
            .Where(d => !d.Rendered && d.Start > clock.Now && !sessions.Any(s => s.ServiceCode == ServiceCode.ProtocolModification && s.PatientId == d.PatientId && s.Start < d.End && s.End > d.Start))
            .OrderBy(d => d.Start)
            .ToList();
        if (coming.Count == 0)
        {
            return [];
        }

        var analysts = await AnalystsAsync(db, rbt.SupervisorId, everyone ? null : viewer?.Id, cancellationToken);
        var analystIds = analysts.Select(a => a.Id).ToList();
        var busy = await db.Appointments.AsNoTracking()
            .Where(a => analystIds.Contains(a.PractitionerId) && a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.NoShow
                && a.EndAt > clock.Now && a.StartAt < clock.To.AddDays(1))
            .Select(a => new { a.PractitionerId, a.StartAt, a.EndAt })
            .ToListAsync(cancellationToken);
        var patientIds = coming.Select(d => d.PatientId).Distinct().ToList();
        var authorizations = await db.Authorizations.AsNoTracking()
            .Where(a => patientIds.Contains(a.PatientId) && a.ServiceCode == ServiceCode.ProtocolModification && a.Status == AuthorizationStatus.Active
                && a.TotalUnits - a.UsedUnits - a.ScheduledUnits > 0)
            .Select(a => new { a.Id, a.PatientId, a.StartDate, a.EndDate })
            .ToListAsync(cancellationToken);
        var initials = await db.Patients.Where(p => patientIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => Patient.InitialsOf(p.FirstName, p.LastName), cancellationToken);

        var minutes = Math.Max(ShortestOverlayMinutes, (int)Math.Ceiling(rbt.MinutesStillNeeded / (double)UnitCalculator.MinutesPerUnit) * UnitCalculator.MinutesPerUnit);
        List<SupervisionSuggestion> suggestions = [];
        var previews = 0;
        foreach (var session in coming)
        {
            var end = session.Start.AddMinutes(Math.Min(minutes, (session.End - session.Start).TotalMinutes));
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(session.Start, clock.Zone).DateTime);
            var authorization = authorizations.FirstOrDefault(a => a.PatientId == session.PatientId && a.StartDate <= day && a.EndDate >= day);
            if (authorization is null)
            {
                continue;
            }

            foreach (var analyst in analysts.Where(a => a.CredentialExpiresOn is null || a.CredentialExpiresOn >= day))
            {
                if (busy.Any(b => b.PractitionerId == analyst.Id && b.StartAt < end && b.EndAt > session.Start) || previews++ >= MaxPreviews)
                {
                    continue;
                }

                var preview = await scheduler.PreviewAsync(actor, new BookingRequest(session.PatientId, analyst.Id, authorization.Id, session.Start, end), cancellationToken);
                if (preview.CanBook && preview.Warnings.Count == 0)
                {
                    suggestions.Add(new SupervisionSuggestion(
                        rbtId, session.Id, session.PatientId, initials[session.PatientId], analyst.Id, analyst.Name, authorization.Id, session.Start, end, preview.Units));
                    break;
                }
            }

            if (suggestions.Count == MaxSuggestions)
            {
                break;
            }
        }

        return suggestions;
    }

    /// <summary>Who may supervise: only the viewer when they are the analyst, else the RBT's supervisor first and every other active analyst by name.</summary>
    private static async Task<IReadOnlyList<Analyst>> AnalystsAsync(OmnirapeuticDbContext db, Guid? supervisorId, Guid? onlyId, CancellationToken cancellationToken)
    {
        var analysts = await db.Practitioners.AsNoTracking()
            .Where(p => p.IsActive && (p.Credential == Credential.BCBA || p.Credential == Credential.BCaBA) && (onlyId == null || p.Id == onlyId))
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new Analyst(p.Id, p.FirstName + " " + p.LastName, p.CredentialExpiresOn))
            .ToListAsync(cancellationToken);
        return [.. analysts.OrderBy(a => a.Id == supervisorId ? 0 : 1)];
    }

    private sealed record Analyst(Guid Id, string Name, DateOnly? CredentialExpiresOn);
}
