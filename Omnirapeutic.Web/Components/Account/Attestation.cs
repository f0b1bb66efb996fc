using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// A signer proves it is them by re-entering their password, checked by the sign-in's own throttled check: wrong
/// passwords count towards the same lockout as at sign-in, so a signature form is no way round it.
/// </summary>
internal sealed class Attestation(PasswordSignIn passwords, UserManager<ApplicationUser> users)
{
    public async Task RequireAsync(ClaimsPrincipal principal, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw DomainException.Invalid("password-required", "Re-enter your password to sign.");
        }

        var user = await users.FindByIdAsync(principal.GetUserId().ToString());
        var check = user?.Email is { } email ? await passwords.CheckAsync(email, password, cancellationToken) : null;
        if (check?.User is { } signer && signer.Id == user!.Id)
        {
            return;
        }

        throw check?.Gate switch
        {
            null or { State: SignInGateState.Open } => DomainException.Invalid("password-incorrect", "That is not your password; nothing was signed."),
            { State: SignInGateState.Wait } gate => DomainException.Forbidden(
                "signing-throttled", $"Too many wrong passwords: try again in {Math.Ceiling(gate.RetryAfter.TotalSeconds):0} seconds."),
            _ => DomainException.Forbidden("signing-locked", "Too many wrong passwords: signing is locked, as signing in is, until the lockout ends."),
        };
    }
}
