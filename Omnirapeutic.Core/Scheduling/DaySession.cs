namespace Omnirapeutic.Core.Scheduling;

/// <summary>A session on a day's schedule, with its times in the organization's time zone.</summary>
public sealed record DaySession(
    Guid Id,
    Guid PatientId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string PatientName,
    string PractitionerName,
    string ServiceCode,
    AppointmentStatus Status,
    int Units);
