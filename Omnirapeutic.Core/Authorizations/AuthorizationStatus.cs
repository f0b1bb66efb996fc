namespace Omnirapeutic.Core.Authorizations;

public enum AuthorizationStatus
{
    Active,
    Voided,
}
