namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// A supervision meeting or observation as the monthly rule counts it: its RBTs (one is individual, several a group),
/// whether it observed the RBT with a client, its times, and whether it was completed.
/// </summary>
public sealed record SupervisionContact(Guid Id, IReadOnlyList<Guid> RbtIds, bool Observed, DateTimeOffset Start, DateTimeOffset End, bool Completed)
{
    public static SupervisionContact Of(SupervisionMeeting meeting) =>
        new(meeting.Id, meeting.AttendeeIds, meeting.Kind == SupervisionKind.Observation, meeting.StartAt, meeting.EndAt, meeting.Status == SupervisionMeetingStatus.Completed);
}
