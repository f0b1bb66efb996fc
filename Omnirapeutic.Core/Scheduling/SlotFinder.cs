using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// Finds times a client could be booked: soonest first, on the quarter hour, with a practitioner whose credential
/// fits and who is available and free, while the client is available and free, each checked by the booking's own
/// rule check against the state the suggestions before it would leave (units and day, week and month limits counted
/// cumulatively), so every suggestion books as it is and all of them could be booked together. A practitioner
/// without working hours is available in the organization's calendar hours on weekdays; a client without
/// availability, whenever a practitioner is. Nothing is saved.
/// </summary>
public sealed class SlotFinder(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    public const int MaxSuggestions = 10;
    public const int MaxRangeDays = 31;
    private const int StepMinutes = 15;

    /// <summary>Refusals that concern one practitioner: another may still take the time.</summary>
    private static readonly HashSet<string> PractitionerRefusals = ["practitioner-double-booked", "practitioner-inactive", "credential-not-allowed"];

    /// <summary>Refusals that concern the time: another time may still be booked. Any other refuses every time (no units left, a voided authorization).</summary>
    private static readonly HashSet<string> TimeRefusals = ["patient-double-booked", "limit-exceeded", "outside-authorization-dates"];

    public async Task<IReadOnlyList<SlotSuggestion>> SuggestAsync(Actor actor, SlotRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var organization = await db.Organizations.Where(o => o.Id == actor.OrganizationId)
            .Select(o => new { o.TimeZoneId, o.CalendarStartHour, o.CalendarEndHour })
            .SingleOrDefaultAsync(cancellationToken) ?? throw DomainException.NotFound("organization");
        var authorization = await db.Authorizations.AsNoTracking()
            .Where(a => a.Id == request.AuthorizationId)
            .Select(a => new { a.PatientId, a.ServiceCode, a.StartDate, a.EndDate })
            .SingleOrDefaultAsync(cancellationToken) ?? throw DomainException.NotFound("authorization");
        if (authorization.PatientId != request.PatientId)
        {
            throw DomainException.Invalid("authorization-patient-mismatch", "The authorization belongs to another patient.");
        }

        var practitioners = await PractitionersAsync(db, request, ServiceCode.Catalog.Single(c => c.Code == authorization.ServiceCode), cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZoneId);
        var from = new[] { request.From.ToUniversalTime(), time.GetUtcNow().ToUniversalTime(), LocalClock.ToInstant(zone, authorization.StartDate, 0) }.Max();
        var to = new[] { request.To.ToUniversalTime(), LocalClock.ToInstant(zone, authorization.EndDate.AddDays(1), 0) }.Min();
        if (practitioners.Count == 0 || from >= to)
        {
            return [];
        }

        var batch = await LaneBatch.LoadAsync(db, actor.OrganizationId, reads =>
        {
            for (var day = reads.LocalDate(from); day <= reads.LocalDate(to); day = day.AddDays(1))
            {
                reads.Periods(request.AuthorizationId, day);
            }

            foreach (var practitioner in practitioners)
            {
                reads.Sessions(practitioner.Id, request.PatientId, from, to);
            }

            if (request.PlaceOfService is null)
            {
                reads.UsualPlaces.Add(request.PatientId);
            }
        }, time, cancellationToken);

        var calendarHours = Enumerable.Range(1, 5)
            .Select(day => new WeeklyWindow((DayOfWeek)day, organization.CalendarStartHour * 60, organization.CalendarEndHour * 60))
            .ToList();
        return Suggest(batch, request, practitioners, calendarHours, from, to);
    }

    private static List<SlotSuggestion> Suggest(
        LaneBatch batch, SlotRequest request, IReadOnlyList<Candidate> practitioners, IReadOnlyList<WeeklyWindow> calendarHours, DateTimeOffset from, DateTimeOffset to)
    {
        var authorization = batch.Authorization(request.AuthorizationId);
        var rule = batch.PayerOf(authorization).RoundingRule;
        var place = batch.PlaceFor(request.PatientId, request.PlaceOfService);
        var zone = batch.TimeZone;
        var busy = batch.ActiveSessions(from - LaneBatch.LongestSession, to, null).ToLookup(a => a.PractitionerId, a => new Interval(a.StartAt, a.EndAt));

        // The client's own practitioners first: a familiar face is the better offer at the same time.
        var sessionsWithClient = batch.ActiveSessions(from - LaneBatch.LongestSession, to, null).Where(a => a.PatientId == request.PatientId).ToLookup(a => a.PractitionerId);
        var ordered = practitioners.OrderByDescending(p => sessionsWithClient[p.Id].Count()).ToList();
        var client = batch.ClientAvailability(request.PatientId);
        var duration = TimeSpan.FromMinutes(request.DurationMinutes);
        var available = authorization.AvailableUnits;
        var pending = new Dictionary<(PeriodKind, DateOnly), int>();
        var suggestions = new List<SlotSuggestion>();
        for (var start = FirstQuarterHour(from); start + duration <= to && suggestions.Count < MaxSuggestions;)
        {
            var end = start + duration;
            var taken = false;
            if (!client.HasWeekly || client.Covers(start, end, zone))
            {
                foreach (var practitioner in ordered)
                {
                    if (busy[practitioner.Id].Any(b => b.Overlaps(start, end)) || !batch.PractitionerAvailability(practitioner.Id).Covers(start, end, zone, calendarHours))
                    {
                        continue;
                    }

                    var preview = AppointmentScheduler.Check(batch, authorization, request.PatientId, practitioner.Id, start, end, place, null, available, rule, pending);
                    if (preview.Conflicts is [var refusal, ..])
                    {
                        if (PractitionerRefusals.Contains(refusal.Code))
                        {
                            continue;
                        }

                        if (TimeRefusals.Contains(refusal.Code))
                        {
                            break;
                        }

                        return suggestions;
                    }

                    if (preview.Warnings.Count > 0)
                    {
                        continue;
                    }

                    suggestions.Add(new SlotSuggestion(start, end, practitioner.Id, practitioner.Name, preview.Units, preview.PlaceOfService));
                    available = preview.AvailableAfter;
                    batch.Tally(pending, authorization, batch.LocalDate(start), preview.Units);
                    taken = true;
                    break;
                }
            }

            // The next suggestion may not overlap this one for the client: it starts on the quarter hour this one ends in or after.
            start = taken ? FirstQuarterHour(end) : start.AddMinutes(StepMinutes);
        }

        return suggestions;
    }

    /// <summary>The active practitioners who may deliver the code (only the one asked for, when one is), by name.</summary>
    private static async Task<List<Candidate>> PractitionersAsync(OmnirapeuticDbContext db, SlotRequest request, ServiceCode code, CancellationToken cancellationToken)
    {
        var query = db.Practitioners.AsNoTracking().Where(p => p.IsActive);
        if (request.PractitionerId is { } id)
        {
            var named = await db.Practitioners.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.IsActive, p.Credential }).SingleOrDefaultAsync(cancellationToken)
                ?? throw DomainException.NotFound("practitioner");
            if (!named.IsActive)
            {
                throw DomainException.Invalid("practitioner-inactive", "This practitioner no longer takes sessions.");
            }

            if (!code.CanBeDeliveredBy(named.Credential))
            {
                throw DomainException.Invalid("credential-not-allowed", $"A practitioner with the {named.Credential} credential may not deliver {code.Code}.");
            }

            query = query.Where(p => p.Id == id);
        }

        var all = await query.OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new { p.Id, Name = p.FirstName + " " + p.LastName, p.Credential })
            .ToListAsync(cancellationToken);
        return [.. all.Where(p => code.CanBeDeliveredBy(p.Credential)).Select(p => new Candidate(p.Id, p.Name))];
    }

    private static void Validate(SlotRequest request)
    {
        if (request.DurationMinutes is < 1 or > AppointmentScheduler.MaxSessionMinutes)
        {
            throw DomainException.Invalid("invalid-duration", $"A session lasts 1 to {AppointmentScheduler.MaxSessionMinutes} minutes.");
        }

        if (request.To <= request.From || (request.To - request.From).TotalDays > MaxRangeDays)
        {
            throw DomainException.Invalid("invalid-range", $"Ask for a range that ends after it starts and spans at most {MaxRangeDays} days.");
        }

        ServiceDateRange.EnsureContains(DateOnly.FromDateTime(request.From.UtcDateTime));
        ServiceDateRange.EnsureContains(DateOnly.FromDateTime(request.To.UtcDateTime));
        if (request.PlaceOfService is { } placeOfService)
        {
            PlaceOfService.Of(placeOfService);
        }
    }

    /// <summary>
    /// The first quarter hour at or after <paramref name="instant"/>, rounded in UTC: every offset in use is a whole
    /// number of quarter hours, so it is a local quarter hour too, and it never steps back in a repeated hour.
    /// </summary>
    private static DateTimeOffset FirstQuarterHour(DateTimeOffset instant)
    {
        var step = TimeSpan.FromMinutes(StepMinutes).Ticks;
        return new DateTimeOffset((instant.UtcTicks + step - 1) / step * step, TimeSpan.Zero);
    }

    private sealed record Candidate(Guid Id, string Name);
}
