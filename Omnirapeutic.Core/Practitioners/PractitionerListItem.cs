namespace Omnirapeutic.Core.Practitioners;

public sealed record PractitionerListItem(
    Guid Id, string Name, string Email, Credential Credential, string? Npi = null, Guid? SupervisorId = null, DateOnly? CredentialExpiresOn = null);
