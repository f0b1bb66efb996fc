namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// The authorization that follows another for the next period: same patient, code and payer; Active unless only
/// <see cref="AuthorizationStatus.Requested"/> so far; the old one's limits unless others are given.
/// </summary>
public sealed record AuthorizationRenewal(
    string AuthNumber,
    DateOnly StartDate,
    DateOnly EndDate,
    int TotalUnits,
    AuthorizationStatus? Status = null,
    UnitLimits? Limits = null);
