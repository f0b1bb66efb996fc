namespace Omnirapeutic.Core.Patients;

/// <summary>A scheduled session on the patient's page, with its authorization and, when that cannot bill it, the flag of <see cref="Scheduling.SessionFlag"/>.</summary>
public sealed record UpcomingSession(
    Guid Id, DateTimeOffset Start, DateTimeOffset End, string PractitionerName, string ServiceCode, int Units, string AuthNumber, string? Flag);
