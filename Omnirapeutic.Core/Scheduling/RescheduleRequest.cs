namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// New times, and optionally another practitioner, place of service, or authorization of the same client and code;
/// the patient stays. A move outside the practitioner's or the client's availability needs <see cref="AcknowledgeWarnings"/>.
/// </summary>
public sealed record RescheduleRequest(
    DateTimeOffset Start, DateTimeOffset End, Guid? PractitionerId = null, string? PlaceOfService = null, Guid? AuthorizationId = null, bool AcknowledgeWarnings = false);
