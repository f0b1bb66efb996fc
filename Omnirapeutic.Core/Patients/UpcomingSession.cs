namespace Omnirapeutic.Core.Patients;

public sealed record UpcomingSession(Guid Id, DateTimeOffset Start, DateTimeOffset End, string PractitionerName, string ServiceCode, int Units);
