namespace Omnirapeutic.Core.Lane;

/// <summary>
/// What a batch's changes will read, gathered before the batch loads: the authorizations, sessions and practitioners
/// they name, and the time windows in which a practitioner's or a patient's other sessions could clash with them.
/// </summary>
internal sealed class LaneReads(TimeZoneInfo timeZone)
{
    /// <summary>The organization's time zone, in which a series' local times become instants.</summary>
    public TimeZoneInfo TimeZone { get; } = timeZone;

    public HashSet<Guid> Authorizations { get; } = [];

    public HashSet<Guid> Appointments { get; } = [];

    public HashSet<Guid> Practitioners { get; } = [];

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
