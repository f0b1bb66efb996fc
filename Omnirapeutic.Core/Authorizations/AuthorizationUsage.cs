namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// What a forecast needs to know about an authorization: its dates and counters and the date of its last
/// scheduled session in the organization's time zone (null when none is scheduled).
/// </summary>
public sealed record AuthorizationUsage(
    Guid AuthorizationId,
    string AuthNumber,
    string PatientName,
    string ServiceCode,
    DateOnly StartDate,
    DateOnly EndDate,
    int TotalUnits,
    int UsedUnits,
    int ScheduledUnits,
    AuthorizationStatus Status,
    DateOnly? LastScheduledSession);
