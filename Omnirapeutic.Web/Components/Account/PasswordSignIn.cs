using Microsoft.AspNetCore.Identity;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// The password check the sign-in form and the API share. Attempts are throttled per address before the password is
/// looked at, an address without an account costs the same hash and gets the same answers as one with an account, and
/// only the right password learns that an account is locked by its admin.
/// </summary>
internal sealed class PasswordSignIn(SignInManager<ApplicationUser> signInManager, SignInThrottle throttle)
{
    private static readonly ApplicationUser NoOne = new();
    private static string? s_noOnesHash;

    public async Task<PasswordCheck> CheckAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var gate = await throttle.CheckAsync(email, cancellationToken);
        if (gate.State != SignInGateState.Open)
        {
            return new PasswordCheck(null, gate);
        }

        var users = signInManager.UserManager;
        var user = await users.FindByEmailAsync(email);
        var passwordMatches = user is null ? NoAccountMatches(users, password) : await users.CheckPasswordAsync(user, password);
        if (!passwordMatches)
        {
            var after = await throttle.FailedAsync(email, cancellationToken);
            return new PasswordCheck(null, after.State == SignInGateState.LockedOut ? after : SignInGate.Open);
        }

        if (await users.IsLockedOutAsync(user!) || !await signInManager.CanSignInAsync(user!))
        {
            return new PasswordCheck(null, SignInGate.LockedOut(TimeSpan.Zero));
        }

        await throttle.ClearAsync(email, cancellationToken);
        return new PasswordCheck(user, SignInGate.Open);
    }

    /// <summary>False, after verifying against a hash no password matches, so an unknown address takes as long as a known one.</summary>
    private static bool NoAccountMatches(UserManager<ApplicationUser> users, string password)
    {
        s_noOnesHash ??= users.PasswordHasher.HashPassword(NoOne, Guid.NewGuid().ToString());
        users.PasswordHasher.VerifyHashedPassword(NoOne, s_noOnesHash, password);
        return false;
    }
}
