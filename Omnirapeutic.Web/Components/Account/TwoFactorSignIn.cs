using Microsoft.AspNetCore.Identity;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>Why a sign-in whose password checked gets no token: its status (401 or 403), code and message.</summary>
internal sealed record TwoFactorRefusal(int Status, string Code, string Detail);

/// <summary>
/// The API's second sign-in step, after the password: a user with two-factor sign-in on sends the code their
/// authenticator app shows or one of their recovery codes (each works once); a wrong one counts as a failed sign-in
/// for the throttle. A user whose organization requires it and who has not set it up gets no token.
/// </summary>
internal sealed class TwoFactorSignIn(SignInManager<ApplicationUser> signInManager, UserAdministration administration, SignInThrottle throttle)
{
    public async Task<TwoFactorRefusal?> RefusalAsync(ApplicationUser user, string? code, CancellationToken cancellationToken)
    {
        if (!user.TwoFactorEnabled)
        {
            return (await administration.TwoFactorStatusAsync(user.Id, cancellationToken)).MustEnrol
                ? new TwoFactorRefusal(
                    StatusCodes.Status403Forbidden,
                    "two-factor-enrolment-required",
                    "Your organization requires two-factor sign-in: sign in on the web to set up an authenticator app, then sign in here with its code.")
                : null;
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return new TwoFactorRefusal(
                StatusCodes.Status401Unauthorized, "two-factor-required", "This account signs in with a code from its authenticator app: send it as twoFactorCode, or a recovery code.");
        }

        if (await VerifyAsync(user, code))
        {
            return null;
        }

        await throttle.FailedAsync(user.Email!, cancellationToken);
        return new TwoFactorRefusal(StatusCodes.Status401Unauthorized, "invalid-two-factor-code", "The two-factor code is wrong or expired.");
    }

    /// <summary>The authenticator app's current code, or a recovery code not used before (used up by this).</summary>
    private async Task<bool> VerifyAsync(ApplicationUser user, string code)
    {
        var users = signInManager.UserManager;
        return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, UserAdministration.Normalized(code))
            || (await users.RedeemTwoFactorRecoveryCodeAsync(user, code.Replace(" ", string.Empty, StringComparison.Ordinal))).Succeeded;
    }
}
