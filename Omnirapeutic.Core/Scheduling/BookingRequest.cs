namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// One session; without a place of service it is delivered at the patient's usual place. A session outside the
/// practitioner's or the client's availability books only with <see cref="AcknowledgeWarnings"/>.
/// </summary>
public sealed record BookingRequest(
    Guid PatientId, Guid PractitionerId, Guid AuthorizationId, DateTimeOffset Start, DateTimeOffset End, string? PlaceOfService = null, bool AcknowledgeWarnings = false);
