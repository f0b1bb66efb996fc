namespace Omnirapeutic.Core.Authorizations;

/// <summary>What an authorization list can be ordered by; the names match <see cref="AuthorizationListItem"/>'s properties.</summary>
public enum AuthorizationSortField
{
    AuthNumber,
    PatientName,
    ServiceCode,
    StartDate,
    EndDate,
    TotalUnits,
    UsedUnits,
    ScheduledUnits,
    AvailableUnits,
    Status,
}
