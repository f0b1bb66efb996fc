namespace Omnirapeutic.Core.Availability;

/// <summary>One window of a practitioner's weekly working hours (the template their weeks follow).</summary>
public sealed class WorkingHours
{
    private WorkingHours()
    {
    }

    public WorkingHours(Guid organizationId, Guid practitionerId, WeeklyWindow window)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        PractitionerId = practitionerId;
        (Day, FromMinute, ToMinute) = (window.Day, window.FromMinute, window.ToMinute);
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PractitionerId { get; private set; }

    public DayOfWeek Day { get; private set; }

    public int FromMinute { get; private set; }

    public int ToMinute { get; private set; }

    public WeeklyWindow Window => new(Day, FromMinute, ToMinute);
}
