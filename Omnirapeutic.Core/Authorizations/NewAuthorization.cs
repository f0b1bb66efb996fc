namespace Omnirapeutic.Core.Authorizations;

public sealed record NewAuthorization(
    Guid PatientId,
    string ServiceCode,
    string AuthNumber,
    DateOnly StartDate,
    DateOnly EndDate,
    int TotalUnits);
