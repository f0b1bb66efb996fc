namespace Omnirapeutic.Core.Supervision;

/// <remarks>New states go at the end.</remarks>
public enum SupervisionMeetingStatus
{
    Scheduled,
    Completed,
    Cancelled,
}
