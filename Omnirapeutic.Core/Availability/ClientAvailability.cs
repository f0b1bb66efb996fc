namespace Omnirapeutic.Core.Availability;

/// <summary>One weekly window in which a client can be seen (out of school, say).</summary>
public sealed class ClientAvailability
{
    private ClientAvailability()
    {
    }

    public ClientAvailability(Guid organizationId, Guid patientId, WeeklyWindow window)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        PatientId = patientId;
        (Day, FromMinute, ToMinute) = (window.Day, window.FromMinute, window.ToMinute);
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PatientId { get; private set; }

    public DayOfWeek Day { get; private set; }

    public int FromMinute { get; private set; }

    public int ToMinute { get; private set; }

    public WeeklyWindow Window => new(Day, FromMinute, ToMinute);
}
