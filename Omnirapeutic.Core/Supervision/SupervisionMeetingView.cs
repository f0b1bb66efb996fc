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

    /// <summary>Whether it takes this practitioner's time: they give it, or attend a meeting (an observed RBT is in their own session).</summary>
    public bool Takes(Guid practitionerId) =>
        SupervisorId == practitionerId || (Kind == SupervisionKind.Meeting && Rbts.Any(r => r.PractitionerId == practitionerId));

    /// <summary>"Supervision (group, 3 RBTs)", "Supervision with Sam Lee", "Observation of Sam Lee".</summary>
    public string Title => Kind == SupervisionKind.Observation
        ? $"Observation of {Rbts[0].Name}"
        : IsIndividual ? $"Supervision with {Rbts[0].Name}" : $"Group supervision ({Rbts.Count} RBTs)";
}
