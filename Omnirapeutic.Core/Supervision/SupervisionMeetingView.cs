namespace Omnirapeutic.Core.Supervision;

public sealed record MeetingAttendee(Guid PractitionerId, string Name);

/// <summary>A supervision meeting or observation as the calendars and the API show it: staff names only, no client.</summary>
public sealed record SupervisionMeetingView(
    Guid Id,
    SupervisionKind Kind,
    Guid SupervisorId,
    string SupervisorName,
    IReadOnlyList<MeetingAttendee> Rbts,
    SupervisionModality Modality,
    DateTimeOffset Start,
    DateTimeOffset End,
    Guid? ObservedAppointmentId,
    SupervisionMeetingStatus Status)
{
    public bool IsIndividual => Rbts.Count == 1;

    /// <summary>"Supervision (group, 3 RBTs)", "Supervision with Sam Lee", "Observation of Sam Lee".</summary>
    public string Title => Kind == SupervisionKind.Observation
        ? $"Observation of {Rbts[0].Name}"
        : IsIndividual ? $"Supervision with {Rbts[0].Name}" : $"Group supervision ({Rbts.Count} RBTs)";
}
