namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// Times to offer a client: sessions of <see cref="DurationMinutes"/> on an authorization, between two instants,
/// optionally with one practitioner or at one place (the client's usual place when left out).
/// </summary>
public sealed record SlotRequest(
    Guid PatientId, Guid AuthorizationId, int DurationMinutes, DateTimeOffset From, DateTimeOffset To, Guid? PractitionerId = null, string? PlaceOfService = null);

/// <summary>A time that could be booked as it is: the session a booking request with these values would make.</summary>
public sealed record SlotSuggestion(DateTimeOffset Start, DateTimeOffset End, Guid PractitionerId, string PractitionerName, int Units, string PlaceOfService);
