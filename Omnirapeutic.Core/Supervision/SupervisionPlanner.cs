using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// The fix for an RBT at risk in a month not yet over (this one, or one planned ahead), each as long as the minutes
/// still needed (at least <see cref="ShortestMinutes"/>), with their supervisor first (or another BCBA or BCaBA when the
/// viewer is the front desk) where that analyst is free and not off (outside their working hours only where they have some):
/// <list type="bullet">
/// <item>over each coming 97153 session no 97155 or observation covers yet, a 97155 where the client has a 97155
/// authorization for the day and it books as the booking path would check it (<see cref="AppointmentScheduler.PreviewAsync"/>,
/// no refusal, no warning); where none does (a payer that denies 97155 over 97153, no units left), a non-billable observation;</item>
/// <item>then, while the month still misses more than an observation, individual meetings on the coming days at the
/// first quarter hour both the RBT and the analyst are free and working (the organization's calendar hours on weekdays
/// for someone without working hours), one a day.</item>
/// </list>
/// </summary>
public sealed class SupervisionPlanner(IDbContextFactory<OmnirapeuticDbContext> dbFactory, AppointmentScheduler scheduler, TimeProvider time)
{
    public const int MaxSuggestions = 3;

    public const int ShortestMinutes = 30;

    /// <summary>A suggested meeting lasts at most this long; the next one takes the rest.</summary>
    public const int LongestMeetingMinutes = 120;

    /// <summary>Checked bookings tried at most per request, so an RBT with a long month stays quick to plan.</summary>
    private const int MaxPreviews = 12;

    private const int StepMinutes = 15;

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

        var analysts = await AnalystsAsync(db, rbt.SupervisorId, everyone ? null : viewer?.Id, cancellationToken);
        var hours = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => new { o.CalendarStartHour, o.CalendarEndHour }).SingleAsync(cancellationToken);
        var from = clock.Now > clock.From ? clock.Now : clock.From;
        var people = analysts.Select(a => a.Id).Append(rbtId).ToList();
        var plan = new Plan(
            rbt,
            analysts,
            clock,
            await BusyAsync(db, people, from, clock.To, cancellationToken),
            await AvailabilityDirectory.LoadAsync(db, people, [], from, clock.To, cancellationToken),
            [.. Enumerable.Range(1, 5).Select(day => new WeeklyWindow((DayOfWeek)day, hours.CalendarStartHour * 60, hours.CalendarEndHour * 60))]);

        var suggestions = await OverSessionsAsync(db, actor, plan, cancellationToken);
        if (suggestions.Count < MaxSuggestions && rbt.Missing.Any(m => m != SupervisionShortfall.Observed))
        {
            suggestions.AddRange(Meetings(plan, from).Take(MaxSuggestions - suggestions.Count));
        }

        return suggestions;
    }

    /// <summary>A 97155 or, where none books, an observation over each coming 97153 session nothing supervises yet.</summary>
    private async Task<List<SupervisionSuggestion>> OverSessionsAsync(OmnirapeuticDbContext db, Actor actor, Plan plan, CancellationToken cancellationToken)
    {
        var clock = plan.Clock;
        var sessions = await SupervisionReport.SessionsAsync(db, clock, cancellationToken);
        var observed = await db.SupervisionMeetings.AsNoTracking()
            .Where(m => m.Kind == SupervisionKind.Observation && m.Status != SupervisionMeetingStatus.Cancelled && m.StartAt >= clock.From.AddDays(-1) && m.StartAt < clock.To)
            .Select(m => m.ObservedAppointmentId!.Value)
            .ToListAsync(cancellationToken);
        var coming = SupervisionRequirement.Direct(plan.Rbt.PractitionerId, sessions, clock.From, clock.To)
            .Where(d => !d.Rendered && d.Start > clock.Now && !observed.Contains(d.Id)
                && !sessions.Any(s => s.ServiceCode == ServiceCode.ProtocolModification && s.PatientId == d.PatientId && s.Start < d.End && s.End > d.Start))
            .OrderBy(d => d.Start)
            .ToList();
        if (coming.Count == 0)
        {
            return [];
        }

        var patientIds = coming.Select(d => d.PatientId).Distinct().ToList();
        var authorizations = await db.Authorizations.AsNoTracking()
            .Where(a => patientIds.Contains(a.PatientId) && a.ServiceCode == ServiceCode.ProtocolModification && a.Status == AuthorizationStatus.Active
                && a.TotalUnits - a.UsedUnits - a.ScheduledUnits > 0)
            .Select(a => new { a.Id, a.PatientId, a.StartDate, a.EndDate })
            .ToListAsync(cancellationToken);
        var initials = await db.Patients.Where(p => patientIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => Patient.InitialsOf(p.FirstName, p.LastName), cancellationToken);

        List<SupervisionSuggestion> suggestions = [];
        var previews = 0;
        foreach (var session in coming)
        {
            var end = session.Start.AddMinutes(Math.Min(plan.Minutes, (session.End - session.Start).TotalMinutes));
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(session.Start, clock.Zone).DateTime);
            var authorization = authorizations.FirstOrDefault(a => a.PatientId == session.PatientId && a.StartDate <= day && a.EndDate >= day);
            var free = plan.FreeAnalysts(day, session.Start, end, newTime: false).ToList();
            SupervisionSuggestion? chosen = null;
            foreach (var analyst in authorization is null ? [] : free)
            {
                if (previews++ >= MaxPreviews)
                {
                    break;
                }

                var preview = await scheduler.PreviewAsync(actor, new BookingRequest(session.PatientId, analyst.Id, authorization!.Id, session.Start, end), cancellationToken);
                if (preview.CanBook && preview.Warnings.Count == 0)
                {
                    chosen = new SupervisionSuggestion(
                        SupervisionSuggestionKind.Overlay, plan.Rbt.PractitionerId, analyst.Id, analyst.Name, session.Start, end,
                        session.Id, session.PatientId, initials[session.PatientId], authorization.Id, preview.Units);
                    break;
                }
            }

            chosen ??= free.FirstOrDefault() is { } observer
                ? new SupervisionSuggestion(
                    SupervisionSuggestionKind.Observation, plan.Rbt.PractitionerId, observer.Id, observer.Name, session.Start, end,
                    session.Id, session.PatientId, initials[session.PatientId])
                : null;
            if (chosen is not null)
            {
                suggestions.Add(chosen);
                if (suggestions.Count == MaxSuggestions)
                {
                    break;
                }
            }
        }

        return suggestions;
    }

    /// <summary>On each coming day of the month, the first quarter hour at which the RBT and an analyst are both free and working.</summary>
    private static IEnumerable<SupervisionSuggestion> Meetings(Plan plan, DateTimeOffset from)
    {
        var clock = plan.Clock;
        var length = TimeSpan.FromMinutes(Math.Min(plan.Minutes, LongestMeetingMinutes));
        var rbtId = plan.Rbt.PractitionerId;
        for (var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, clock.Zone).DateTime); day < clock.Month.AddMonths(1); day = day.AddDays(1))
        {
            var found = FirstFree(plan, day, from, length, rbtId);
            if (found is { } meeting)
            {
                yield return new SupervisionSuggestion(SupervisionSuggestionKind.Meeting, rbtId, meeting.Analyst.Id, meeting.Analyst.Name, meeting.Start, meeting.Start + length);
            }
        }
    }

    private static (Analyst Analyst, DateTimeOffset Start)? FirstFree(Plan plan, DateOnly day, DateTimeOffset from, TimeSpan length, Guid rbtId)
    {
        for (var minute = 0; minute + length.TotalMinutes <= 24 * 60; minute += StepMinutes)
        {
            var start = LocalClock.ToInstant(plan.Clock.Zone, day, minute);
            var end = start + length;
            if (start < from || !plan.Works(rbtId, start, end, newTime: true))
            {
                continue;
            }

            if (plan.FreeAnalysts(day, start, end, newTime: true).FirstOrDefault() is { } analyst)
            {
                return (analyst, start);
            }
        }

        return null;
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

    /// <summary>The time these people's sessions and supervision take in [from, to).</summary>
    private static async Task<ILookup<Guid, Interval>> BusyAsync(OmnirapeuticDbContext db, List<Guid> people, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        var sessions = await db.Appointments.AsNoTracking()
            .Where(a => people.Contains(a.PractitionerId) && a.Status != AppointmentStatus.Cancelled && a.Status != AppointmentStatus.NoShow && a.EndAt > from && a.StartAt < to)
            .Select(a => new { a.PractitionerId, a.StartAt, a.EndAt })
            .ToListAsync(cancellationToken);
        var supervision = await db.SupervisionMeetings.AsNoTracking()
            .Where(m => m.Status != SupervisionMeetingStatus.Cancelled && m.EndAt > from && m.StartAt < to
                && (people.Contains(m.SupervisorId) || m.AttendeeIds.Any(a => people.Contains(a))))
            .ToListAsync(cancellationToken);
        return sessions.Select(s => (Who: s.PractitionerId, Time: new Interval(s.StartAt, s.EndAt)))
            .Concat(supervision.SelectMany(m => m.BusyPractitioners.Select(who => (Who: who, Time: new Interval(m.StartAt, m.EndAt)))))
            .ToLookup(b => b.Who, b => b.Time);
    }

    private sealed record Analyst(Guid Id, string Name, DateOnly? CredentialExpiresOn);

    /// <summary>What a plan is made against: the RBT's month, the analysts by preference, everyone's busy time and working hours.</summary>
    private sealed record Plan(
        RbtSupervision Rbt, IReadOnlyList<Analyst> Analysts, SupervisionClock Clock, ILookup<Guid, Interval> Busy, AvailabilityPlans Availability, IReadOnlyList<WeeklyWindow> CalendarHours)
    {
        /// <summary>The minutes still needed, in whole units, at least <see cref="ShortestMinutes"/>.</summary>
        public int Minutes { get; } = Math.Max(ShortestMinutes, (int)Math.Ceiling(Rbt.MinutesStillNeeded / (double)UnitCalculator.MinutesPerUnit) * UnitCalculator.MinutesPerUnit);

        /// <summary>
        /// Whether someone is free of sessions and supervision then and working: by their working hours and time off as
        /// the booking path reads them, or for a new time (<paramref name="newTime"/>, a meeting) by the calendar hours on
        /// weekdays when they have no working hours.
        /// </summary>
        public bool Works(Guid practitionerId, DateTimeOffset start, DateTimeOffset end, bool newTime) =>
            !Busy[practitionerId].Any(b => b.Overlaps(start, end)) && Availability.Practitioner(practitionerId).Covers(start, end, Clock.Zone, newTime ? CalendarHours : null);

        /// <summary>The analysts, by preference, who are certified on the day, working then and free.</summary>
        public IEnumerable<Analyst> FreeAnalysts(DateOnly day, DateTimeOffset start, DateTimeOffset end, bool newTime) =>
            Analysts.Where(a => (a.CredentialExpiresOn is null || a.CredentialExpiresOn >= day) && Works(a.Id, start, end, newTime));
    }
}
