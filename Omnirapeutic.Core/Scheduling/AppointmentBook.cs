using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>Reads the schedule: sessions in a date range, today's sessions, and a practitioner's week in the organization's time zone.</summary>
public sealed class AppointmentBook(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    public const int MaxRangeDays = 93;

    /// <summary>Sessions that overlap [<paramref name="from"/>, <paramref name="to"/>), by start time.</summary>
    public async Task<IReadOnlyList<AppointmentView>> ListAsync(
        Guid organizationId, DateTimeOffset from, DateTimeOffset to, Guid? practitionerId = null, Guid? patientId = null, CancellationToken cancellationToken = default)
    {
        EnsureRange(from, to);

        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var appointments = db.Appointments.AsNoTracking().Where(a => a.StartAt < to && from < a.EndAt);
        if (practitionerId is { } practitioner)
        {
            appointments = appointments.Where(a => a.PractitionerId == practitioner);
        }

        if (patientId is { } patient)
        {
            appointments = appointments.Where(a => a.PatientId == patient);
        }

        return await appointments
            .OrderBy(a => a.StartAt)
            .Select(a => new AppointmentView(
                a.Id, a.PatientId, a.PractitionerId, a.AuthorizationId, a.StartAt, a.EndAt, a.Status, a.Units, a.PlaceOfService, a.Modifiers, a.ActualStartAt, a.ActualEndAt, a.ActualUnits, a.SeriesId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The Monday-to-Sunday week around <paramref name="day"/>, in the organization's time zone.</summary>
    public async Task<PractitionerWeek> WeekAsync(Guid organizationId, Guid practitionerId, DateOnly day, CancellationToken cancellationToken = default)
    {
        var (monday, from, to, timeZoneId) = await WeekBoundsAsync(organizationId, practitionerId, day, calendarWeek: false, cancellationToken);
        return new PractitionerWeek(practitionerId, monday, timeZoneId, await ListAsync(organizationId, from, to, practitionerId, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The week as the calendar draws it, from the organization's first day of the week: each session with its patient's
    /// initials, service code and authorization's status, the practitioner's working hours and time off, and the supervision they give or attend.
    /// </summary>
    public async Task<CalendarWeek> CalendarAsync(Guid organizationId, Guid practitionerId, DateOnly day, CancellationToken cancellationToken = default)
    {
        var (firstDay, from, to, timeZoneId) = await WeekBoundsAsync(organizationId, practitionerId, day, calendarWeek: true, cancellationToken);
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var entries = await EntriesAsync(db, db.Appointments.Where(a => a.PractitionerId == practitionerId && a.StartAt < to && from < a.EndAt), timeZoneId, cancellationToken);
        var availability = await AvailabilityDirectory.LoadAsync(db, [practitionerId], [], from, to, cancellationToken);
        var supervision = await SupervisionMeetings.BusyDuringAsync(db, practitionerId, from, to, cancellationToken);
        return new CalendarWeek(practitionerId, firstDay, timeZoneId, entries, availability.Practitioner(practitionerId), supervision);
    }

    /// <summary>
    /// A client's calendar week across every practitioner, from the organization's first day of the week, cancelled
    /// sessions included (as on a practitioner's week), with the observations of their sessions.
    /// </summary>
    public async Task<PatientWeek> PatientWeekAsync(Guid organizationId, Guid patientId, DateOnly day, CancellationToken cancellationToken = default)
    {
        ServiceDateRange.EnsureContains(day);
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var patient = await db.Patients.Where(p => p.Id == patientId).Select(p => p.FirstName + " " + p.LastName).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("patient");
        var organization = await db.Organizations.Where(o => o.Id == organizationId).Select(o => new { o.TimeZoneId, o.CalendarWeekStartsOn }).SingleAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZoneId);
        var first = Organization.FirstDayOfWeek(day, organization.CalendarWeekStartsOn);
        var (from, to) = (Midnight(zone, first), Midnight(zone, first.AddDays(7)));
        var entries = await EntriesAsync(db, db.Appointments.Where(a => a.PatientId == patientId && a.StartAt < to && from < a.EndAt), organization.TimeZoneId, cancellationToken);
        var availability = await AvailabilityDirectory.LoadAsync(db, [], [patientId], from, to, cancellationToken);
        var observations = await SupervisionMeetings.ObservingDuringAsync(db, patientId, from, to, cancellationToken);
        return new PatientWeek(patientId, patient, first, organization.TimeZoneId, entries, availability.Client(patientId), observations);
    }

    /// <summary>A practitioner's sessions that overlap [<paramref name="from"/>, <paramref name="to"/>) as the calendar shows them (initials, not names), by start.</summary>
    public async Task<IReadOnlyList<CalendarEntry>> EntriesAsync(
        Guid organizationId, Guid practitionerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        EnsureRange(from, to);

        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var timeZoneId = await TimeZoneOfAsync(db, organizationId, cancellationToken);
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        return await EntriesAsync(db, db.Appointments.Where(a => a.PractitionerId == practitionerId && a.StartAt < to && from < a.EndAt), timeZoneId, cancellationToken);
    }

    /// <summary>
    /// The clinic board: every active practitioner (by name), their sessions and supervision, cancelled ones left out,
    /// over <paramref name="days"/> days from <paramref name="first"/> in the organization's time zone.
    /// </summary>
    public async Task<ClinicBoard> BoardAsync(Guid organizationId, DateOnly first, int days, CancellationToken cancellationToken = default)
    {
        if (days is < 1 or > 7)
        {
            throw DomainException.Invalid("invalid-range", "The board shows one to seven days.");
        }

        ServiceDateRange.EnsureContains(first);
        ServiceDateRange.EnsureContains(first.AddDays(days));
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var timeZoneId = await TimeZoneOfAsync(db, organizationId, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var (from, to) = (Midnight(zone, first), Midnight(zone, first.AddDays(days)));
        var practitioners = await db.Practitioners.AsNoTracking()
            .Where(p => p.IsActive)
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new PractitionerListItem(p.Id, p.FirstName + " " + p.LastName, p.Email, p.Credential))
            .ToListAsync(cancellationToken);
        var entries = await EntriesAsync(
            db, db.Appointments.Where(a => a.Status != AppointmentStatus.Cancelled && a.StartAt < to && from < a.EndAt), timeZoneId, cancellationToken);
        var availability = await AvailabilityDirectory.LoadAsync(db, [.. practitioners.Select(p => p.Id)], [], from, to, cancellationToken);
        var supervision = await SupervisionMeetings.HoldingDuringAsync(db, from, to, cancellationToken);
        return new ClinicBoard(first, days, timeZoneId, practitioners, entries, availability, supervision);
    }

    /// <summary>One session as the calendar shows it, for the session dialog opened from elsewhere (the worklist), with the organization's time zone.</summary>
    public async Task<(CalendarEntry Entry, string TimeZoneId)> EntryAsync(Guid organizationId, Guid appointmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var timeZoneId = await TimeZoneOfAsync(db, organizationId, cancellationToken);
        var entries = await EntriesAsync(db, db.Appointments.Where(a => a.Id == appointmentId), timeZoneId, cancellationToken);
        return entries is [var entry] ? (entry, timeZoneId) : throw DomainException.NotFound("appointment");
    }

    /// <summary>A range that ends after it starts, spans at most <see cref="MaxRangeDays"/> days and lies within the service dates.</summary>
    private static void EnsureRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from || (to - from).TotalDays > MaxRangeDays)
        {
            throw DomainException.Invalid("invalid-range", $"Ask for a range that ends after it starts and spans at most {MaxRangeDays} days.");
        }

        ServiceDateRange.EnsureContains(DateOnly.FromDateTime(from.UtcDateTime));
        ServiceDateRange.EnsureContains(DateOnly.FromDateTime(to.UtcDateTime));
    }

    private static async Task<string> TimeZoneOfAsync(OmnirapeuticDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");

    private static async Task<List<CalendarEntry>> EntriesAsync(OmnirapeuticDbContext db, IQueryable<Appointment> sessions, string timeZoneId, CancellationToken cancellationToken)
    {
        var rows = await sessions.AsNoTracking()
            .OrderBy(a => a.StartAt)
            .Select(a => new
            {
                View = new AppointmentView(
                    a.Id, a.PatientId, a.PractitionerId, a.AuthorizationId, a.StartAt, a.EndAt, a.Status, a.Units, a.PlaceOfService, a.Modifiers, a.ActualStartAt, a.ActualEndAt, a.ActualUnits, a.SeriesId),
                Patient = db.Patients.Where(p => p.Id == a.PatientId).Select(p => new { p.FirstName, p.LastName }).Single(),
                Authorization = db.Authorizations.Where(x => x.Id == a.AuthorizationId).Select(x => new { x.ServiceCode, x.Status, x.EndDate }).Single(),
                Practitioner = db.Practitioners.Where(p => p.Id == a.PractitionerId).Select(p => p.FirstName + " " + p.LastName).Single(),
            })
            .ToListAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        return [.. rows.Select(r => new CalendarEntry(
            r.View,
            Patient.InitialsOf(r.Patient.FirstName, r.Patient.LastName),
            r.Authorization.ServiceCode,
            r.Authorization.Status,
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.View.Start, zone).DateTime) > r.Authorization.EndDate,
            r.Practitioner))];
    }

    /// <summary>The week around <paramref name="day"/>: Monday to Sunday, or from the organization's calendar week start.</summary>
    private async Task<(DateOnly FirstDay, DateTimeOffset From, DateTimeOffset To, string TimeZoneId)> WeekBoundsAsync(
        Guid organizationId, Guid practitionerId, DateOnly day, bool calendarWeek, CancellationToken cancellationToken)
    {
        ServiceDateRange.EnsureContains(day);
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        if (!await db.Practitioners.AnyAsync(p => p.Id == practitionerId, cancellationToken))
        {
            throw DomainException.NotFound("practitioner");
        }

        var organization = await db.Organizations.Where(o => o.Id == organizationId).Select(o => new { o.TimeZoneId, o.CalendarWeekStartsOn }).SingleAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZoneId);
        var first = Organization.FirstDayOfWeek(day, calendarWeek ? organization.CalendarWeekStartsOn : DayOfWeek.Monday);
        return (first, Midnight(zone, first), Midnight(zone, first.AddDays(7)), organization.TimeZoneId);
    }

    private static DateTimeOffset Midnight(TimeZoneInfo zone, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Today's sessions in the organization's time zone (midnight to midnight there), every status, by start time.</summary>
    public async Task<ScheduleDay> TodayAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var timeZoneId = await TimeZoneOfAsync(db, organizationId, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var today = time.Today(timeZoneId);
        var from = TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(TimeOnly.MinValue), zone);
        var to = TimeZoneInfo.ConvertTimeToUtc(today.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var sessions = await db.Appointments.AsNoTracking()
            .Where(a => a.StartAt < to && from < a.EndAt)
            .OrderBy(a => a.StartAt)
            .Select(a => new
            {
                a.Id,
                a.PatientId,
                a.StartAt,
                a.EndAt,
                PatientName = db.Patients.Where(p => p.Id == a.PatientId).Select(p => p.FirstName + " " + p.LastName).First(),
                PractitionerName = db.Practitioners.Where(p => p.Id == a.PractitionerId).Select(p => p.FirstName + " " + p.LastName).First(),
                ServiceCode = db.Authorizations.Where(z => z.Id == a.AuthorizationId).Select(z => z.ServiceCode).First(),
                a.Status,
                a.Units,
            })
            .ToListAsync(cancellationToken);
        return new ScheduleDay(today, timeZoneId, [.. sessions.Select(s => new DaySession(
            s.Id, s.PatientId, TimeZoneInfo.ConvertTime(s.StartAt, zone), TimeZoneInfo.ConvertTime(s.EndAt, zone),
            s.PatientName, s.PractitionerName, s.ServiceCode, s.Status, s.Units))]);
    }
}
