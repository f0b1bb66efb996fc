using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Identity;

/// <summary>A user as the admin's list shows them; <see cref="Credential"/> is set for users with a practitioner profile.</summary>
public sealed record UserListItem(
    Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, bool IsLockedOut, Credential? Credential, Guid? PractitionerId = null, string? Npi = null,
    Guid? SupervisorId = null, string? SupervisorName = null, DateOnly? CredentialExpiresOn = null, bool TwoFactorEnabled = false);
