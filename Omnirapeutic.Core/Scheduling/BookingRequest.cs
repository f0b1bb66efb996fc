namespace Omnirapeutic.Core.Scheduling;

public sealed record BookingRequest(Guid PatientId, Guid PractitionerId, Guid AuthorizationId, DateTimeOffset Start, DateTimeOffset End);
