using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Supervision;

/// <summary>How a suggestion supervises the RBT.</summary>
public enum SupervisionSuggestionKind
{
    /// <summary>A billable 97155 over the RBT's 97153 for the same client.</summary>
    Overlay,

    /// <summary>A non-billable observation of the RBT's 97153 session, where no 97155 can be billed over it.</summary>
    Observation,

    /// <summary>A non-billable individual meeting while the RBT and the analyst are both free.</summary>
    Meeting,
}

/// <summary>
/// A way to supervise an RBT at risk: a 97155 over one of their scheduled 97153 sessions (with the client's 97155
/// authorization it counts on and its units), an observation of that session where no 97155 can be billed over it, or
/// a meeting while both are free; who supervises and when. It is booked through the normal path, which checks it again.
/// </summary>
public sealed record SupervisionSuggestion(
    SupervisionSuggestionKind Kind,
    Guid RbtId,
    Guid PractitionerId,
    string PractitionerName,
    DateTimeOffset Start,
    DateTimeOffset End,
    Guid? SessionId = null,
    Guid? PatientId = null,
    string? PatientInitials = null,
    Guid? AuthorizationId = null,
    int Units = 0)
{
    /// <summary>The booking of an overlay.</summary>
    public BookingRequest ToBooking() =>
        Kind == SupervisionSuggestionKind.Overlay
            ? new BookingRequest(PatientId!.Value, PractitionerId, AuthorizationId!.Value, Start, End)
            : throw new InvalidOperationException("Only an overlay is a booking.");

    /// <summary>The supervision an observation or a meeting schedules, in person.</summary>
    public NewSupervisionMeeting ToMeeting() =>
        Kind == SupervisionSuggestionKind.Overlay
            ? throw new InvalidOperationException("An overlay is a booking.")
            : new NewSupervisionMeeting(PractitionerId, [RbtId], Start, End, SupervisionModality.InPerson, Kind == SupervisionSuggestionKind.Observation ? SessionId : null);
}
