namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// One row of the admins' authorization list: the balance with the patient's name, today's limited periods, the
/// authorization that renewed it, and whether it has ended (an active authorization past its end date is expired).
/// </summary>
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
    IReadOnlyList<PeriodHolding> Periods,
    Guid? SuccessorId = null,
    bool IsExpired = false)
{
    /// <summary>The status as the pages show it: Expired for an active authorization past its end date.</summary>
    public string StatusText => IsExpired && Status == AuthorizationStatus.Active ? "Expired" : Status.ToString();
}
