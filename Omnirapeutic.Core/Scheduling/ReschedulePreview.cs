namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// What a move would do: the session as it is, the check at its new time, practitioner, place or authorization (whose
/// balance figures count the session's own units as already given back when it stays on its authorization), and the
/// units available on that authorization now, before the move.
/// </summary>
public sealed record ReschedulePreview(AppointmentView Session, BookingPreview Proposed, int AvailableNow)
{
    /// <summary>Units the move adds to the session (negative: gives back), on the authorization it counts on afterwards.</summary>
    public int UnitChange => Proposed.AuthorizationId == Session.AuthorizationId ? Proposed.Units - Session.Units : Proposed.Units;
}
