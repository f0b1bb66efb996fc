namespace Omnirapeutic.Core.Scheduling;

public enum AppointmentStatus
{
    Scheduled,
    Completed,
    Cancelled,
    NoShow,
}
