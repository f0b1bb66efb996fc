using Microsoft.AspNetCore.Identity;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// Re-issues the caller's cookie after a change of their own security stamp (a new authenticator key, two-factor
/// sign-in turned on or off), so the change does not sign them out too. The user is read in a scope of its own: the
/// request's context may hold them as they were before the change.
/// </summary>
internal sealed class SignInRenewal(SignInManager<ApplicationUser> signInManager, IServiceScopeFactory scopes)
{
    public async Task RenewAsync(Guid userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId.ToString()) is { } user)
        {
            await signInManager.RefreshSignInAsync(user);
        }
    }
}
