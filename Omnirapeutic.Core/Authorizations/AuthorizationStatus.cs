namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// Where an authorization is in its life: <see cref="Requested"/> from the payer (bookable only where the organization
/// allows scheduling on requested authorizations), <see cref="Active"/> once approved, <see cref="Denied"/> by the payer,
/// or <see cref="Voided"/> by the clinic. Expired is not a status: an authorization is expired after its end date.
/// </summary>
public enum AuthorizationStatus
{
    Active,
    Voided,
    Requested,
    Denied,
}
