namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// A 97155 to book over one of the RBT's scheduled 97153 sessions: the supervisor who is free then, the client's 97155
/// authorization it counts on, its times and units. It books through the normal path, which checks it again.
/// </summary>
public sealed record SupervisionSuggestion(
    Guid RbtId,
    Guid SessionId,
    Guid PatientId,
    string PatientInitials,
    Guid PractitionerId,
    string PractitionerName,
    Guid AuthorizationId,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Units);
