using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// Whether a signed-in principal still speaks for its user: the security stamp it carries is the user's current one
/// (locking, a password reset and "sign out everywhere" change it) and the user is not locked out.
/// </summary>
internal sealed class CurrentCredentials(SignInManager<ApplicationUser> signInManager)
{
    public const string CheckIntervalSetting = "Authentication:CredentialCheckInterval";

    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(5);

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal) =>
        await signInManager.ValidateSecurityStampAsync(principal) is { } user && !await signInManager.UserManager.IsLockedOutAsync(user);
}
