namespace Omnirapeutic.Core.Authorizations;

/// <summary>An authorization and its unit balance, as the API and the pages show it, with the authorizations it renewed and that renewed it.</summary>
public sealed record AuthorizationBalance(
    Guid Id,
    string AuthNumber,
    Guid PatientId,
    Guid PayerId,
    string ServiceCode,
    DateOnly StartDate,
    DateOnly EndDate,
    int TotalUnits,
    int UsedUnits,
    int ScheduledUnits,
    int AvailableUnits,
    UnitLimits Limits,
    AuthorizationStatus Status,
    long Version,
    Guid? PredecessorId = null,
    Guid? SuccessorId = null)
{
    public static AuthorizationBalance Of(Authorization a) => new(
        a.Id, a.AuthNumber, a.PatientId, a.PayerId, a.ServiceCode, a.StartDate, a.EndDate,
        a.TotalUnits, a.UsedUnits, a.ScheduledUnits, a.AvailableUnits, a.Limits, a.Status, a.Version, a.PredecessorId, a.SuccessorId);
}
