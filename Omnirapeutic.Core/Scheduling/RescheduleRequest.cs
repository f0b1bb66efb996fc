namespace Omnirapeutic.Core.Scheduling;

/// <summary>New times, and optionally another practitioner or place of service; the patient and the authorization stay.</summary>
public sealed record RescheduleRequest(DateTimeOffset Start, DateTimeOffset End, Guid? PractitionerId = null, string? PlaceOfService = null);
