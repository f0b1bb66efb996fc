namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// An authorization to open; without a payer it belongs to the organization's default payer, without limits it has
/// none, and it opens Active unless it is only <see cref="AuthorizationStatus.Requested"/> from the payer so far.
/// </summary>
public sealed record NewAuthorization(
    Guid PatientId,
    string ServiceCode,
    string AuthNumber,
    DateOnly StartDate,
    DateOnly EndDate,
    int TotalUnits,
    Guid? PayerId = null,
    UnitLimits? Limits = null,
    AuthorizationStatus Status = AuthorizationStatus.Active);
