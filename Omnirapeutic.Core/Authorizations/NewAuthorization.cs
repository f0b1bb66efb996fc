namespace Omnirapeutic.Core.Authorizations;

/// <summary>An authorization to open; without a payer it belongs to the organization's default payer, without limits it has none.</summary>
public sealed record NewAuthorization(
    Guid PatientId,
    string ServiceCode,
    string AuthNumber,
    DateOnly StartDate,
    DateOnly EndDate,
    int TotalUnits,
    Guid? PayerId = null,
    UnitLimits? Limits = null);
