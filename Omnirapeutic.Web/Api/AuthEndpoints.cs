using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Components.Account;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// Sign-in for API clients: Identity's own bearer tokens (no hand-made JWTs) and no public registration;
/// accounts are created by an organization's admin. Refresh tokens are single-use (<see cref="RefreshTokenRotation"/>).
/// </summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in");
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimits.LoginPolicy);
        auth.MapPost("/refresh", RefreshAsync).RequireRateLimiting(RateLimits.LoginPolicy);
        auth.MapPost("/logout-everywhere", SignOutEverywhereAsync).RequireAuthorization(ApiEndpoints.BearerPolicy);
        return api;
    }

    /// <summary>
    /// 200 with <c>{tokenType, accessToken, expiresIn, refreshToken}</c>, written by the bearer handler; 401
    /// <c>two-factor-required</c> or <c>invalid-two-factor-code</c> for a user with two-factor sign-in on, 403
    /// <c>two-factor-enrolment-required</c> for one whose organization requires it and who has not set it up.
    /// </summary>
    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        PasswordSignIn passwords,
        TwoFactorSignIn twoFactor,
        SignInManager<ApplicationUser> signInManager,
        RefreshTokenRotation rotation,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var check = await passwords.CheckAsync(request.Email, request.Password, cancellationToken);
        if (check.User is { } user)
        {
            if (await twoFactor.RefusalAsync(user, request.TwoFactorCode, cancellationToken) is { } refusal)
            {
                return refusal.Status == StatusCodes.Status403Forbidden
                    ? TypedResults.Problem(ApiProblems.Create(StatusCodes.Status403Forbidden, refusal.Code, "Two-factor sign-in required.", refusal.Detail))
                    : Unauthorized(refusal.Code, refusal.Detail);
            }

            var tokenId = await rotation.StartAsync(user.Id, bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenExpiration, cancellationToken);
            return await SignInAsync(signInManager, user, tokenId);
        }

        return check.Gate.State switch
        {
            SignInGateState.Wait => Throttled(context, check.Gate.RetryAfter),
            SignInGateState.LockedOut => Unauthorized("locked-out", "This account is locked after too many failed sign-in attempts; try again in 15 minutes."),
            _ => Unauthorized("invalid-credentials", "Invalid email or password."),
        };
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        SignInManager<ApplicationUser> signInManager,
        RefreshTokenRotation rotation,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var ticket = options.RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires
            || time.GetUtcNow() >= expires
            || !Guid.TryParse(ticket.Principal.FindFirstValue(OmnirapeuticClaimTypes.RefreshTokenId), out var tokenId)
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return InvalidRefreshToken();
        }

        var (outcome, successor) = await rotation.RotateAsync(tokenId, options.RefreshTokenExpiration, cancellationToken);
        return outcome switch
        {
            RefreshOutcome.Rotated => await SignInAsync(signInManager, user, successor),
            RefreshOutcome.Replayed => Unauthorized(
                "refresh-token-reused", "This refresh token was already used, so every token of that sign-in is now revoked; sign in again."),
            _ => InvalidRefreshToken(),
        };
    }

    /// <summary>204; every token and cookie of the caller stops working at its next credential check.</summary>
    private static async Task<NoContent> SignOutEverywhereAsync(ClaimsPrincipal user, UserAdministration users, CancellationToken cancellationToken)
    {
        await users.SignOutEverywhereAsync(user.ToActor(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> SignInAsync(SignInManager<ApplicationUser> signInManager, ApplicationUser user, Guid refreshTokenId)
    {
        var principal = await signInManager.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(OmnirapeuticClaimTypes.RefreshTokenId, refreshTokenId.ToString()));
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static ProblemHttpResult InvalidRefreshToken() =>
        Unauthorized("invalid-refresh-token", "The refresh token is invalid or expired; sign in again.");

    private static ProblemHttpResult Throttled(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(ApiProblems.Create(
            StatusCodes.Status429TooManyRequests, "sign-in-throttled", "Too many failed sign-ins.", $"Too many failed sign-ins for this account; try again in {seconds} s."));
    }

    private static ProblemHttpResult Unauthorized(string code, string detail) =>
        TypedResults.Problem(ApiProblems.Create(StatusCodes.Status401Unauthorized, code, "Not signed in.", detail));

    /// <summary>A user with two-factor sign-in on also sends the code their authenticator app shows (or one of their recovery codes).</summary>
    internal sealed record LoginRequest(string Email, string Password, string? TwoFactorCode = null);

    internal sealed record RefreshRequest(string RefreshToken);
}
