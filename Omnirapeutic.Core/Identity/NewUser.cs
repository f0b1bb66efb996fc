using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Identity;

/// <summary>
/// A sign-in an admin creates. A practitioner also needs a first and last name and a credential, which become
/// their <see cref="Practitioner"/> profile.
/// </summary>
public sealed record NewUser(
    string DisplayName,
    string Email,
    string Password,
    string Role,
    string? FirstName = null,
    string? LastName = null,
    Credential? Credential = null);
