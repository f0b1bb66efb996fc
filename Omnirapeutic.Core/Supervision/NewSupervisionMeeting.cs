namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// A supervision meeting to schedule (a supervisor with one RBT, or 2-10), or with <see cref="ObservedAppointmentId"/>
/// an observation of that RBT's 97153 session, inside its times.
/// </summary>
public sealed record NewSupervisionMeeting(
    Guid SupervisorId,
    IReadOnlyList<Guid> RbtIds,
    DateTimeOffset Start,
    DateTimeOffset End,
    SupervisionModality Modality = SupervisionModality.InPerson,
    Guid? ObservedAppointmentId = null);
