namespace Omnirapeutic.Core.Authorizations;

/// <summary>One row of the admins' authorization list: the balance with the patient's name, and today's limited periods.</summary>
public sealed record AuthorizationListItem(
    Guid Id,
    string AuthNumber,
    Guid PatientId,
    string PatientName,
    string ServiceCode,
    DateOnly StartDate,
    DateOnly EndDate,
    int TotalUnits,
    int UsedUnits,
    int ScheduledUnits,
    int AvailableUnits,
    AuthorizationStatus Status,
    IReadOnlyList<PeriodHolding> Periods);
