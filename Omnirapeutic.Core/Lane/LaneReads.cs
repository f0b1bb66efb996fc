namespace Omnirapeutic.Core.Lane;

/// <summary>
/// What a batch's changes will read, gathered before the batch loads: the authorizations, sessions and practitioners
/// they name, the time windows in which a practitioner's or a patient's other sessions could clash with them, and the
/// dates whose day, week and month rows their units count on.
/// </summary>
internal sealed class LaneReads(TimeZoneInfo timeZone, DateOnly today)
{
    /// <summary>The organization's time zone, in which a series' local times become instants.</summary>
    public TimeZoneInfo TimeZone { get; } = timeZone;

    /// <summary>Today in the organization's time zone: the date of an undated reserve, release or consume.</summary>
    public DateOnly Today { get; } = today;

    /// <summary>Authorizations and the local dates whose periods (day, week, month) a change counts units on.</summary>
    public HashSet<(Guid AuthorizationId, DateOnly Date)> Dates { get; } = [];

    /// <summary>Authorizations whose every period row a change reads (a change of limits).</summary>
    public HashSet<Guid> AllPeriods { get; } = [];

    /// <summary>An authorization and the periods of <paramref name="date"/>.</summary>
    public void Periods(Guid authorizationId, DateOnly date)
    {
        Authorizations.Add(authorizationId);
        Dates.Add((authorizationId, date));
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    public HashSet<Guid> Authorizations { get; } = [];

    public HashSet<Guid> Appointments { get; } = [];

    public HashSet<Guid> Practitioners { get; } = [];

    /// <summary>Patients whose usual place of service a booking that names none takes.</summary>
    public HashSet<Guid> UsualPlaces { get; } = [];

    public List<SessionWindow> Windows { get; } = [];

    public List<MovedWindow> MovedWindows { get; } = [];

    /// <summary>The practitioner's and the patient's sessions that overlap [start, end).</summary>
    public void Sessions(Guid practitionerId, Guid patientId, DateTimeOffset start, DateTimeOffset end)
    {
        Practitioners.Add(practitionerId);
        Windows.Add(new SessionWindow(practitionerId, patientId, start.ToUniversalTime(), end.ToUniversalTime()));
    }

    /// <summary>The sessions that could clash with <paramref name="appointmentId"/> moved to [start, end), perhaps to another practitioner.</summary>
    public void SessionsAround(Guid appointmentId, Guid? practitionerId, DateTimeOffset start, DateTimeOffset end)
    {
        Appointments.Add(appointmentId);
        if (practitionerId is { } practitioner)
        {
            Practitioners.Add(practitioner);
        }

        MovedWindows.Add(new MovedWindow(appointmentId, practitionerId, start.ToUniversalTime(), end.ToUniversalTime()));
    }

    internal readonly record struct SessionWindow(Guid PractitionerId, Guid PatientId, DateTimeOffset Start, DateTimeOffset End);

    internal readonly record struct MovedWindow(Guid AppointmentId, Guid? PractitionerId, DateTimeOffset Start, DateTimeOffset End);
}
