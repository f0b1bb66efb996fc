using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// Sign-in for API clients: Identity's own bearer tokens (no hand-made JWTs) and no public registration;
/// accounts are created by an organization's admin.
/// </summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in");
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimits.LoginPolicy);
        auth.MapPost("/refresh", RefreshAsync).RequireRateLimiting(RateLimits.LoginPolicy);
        return api;
    }

    /// <summary>200 with <c>{tokenType, accessToken, expiresIn, refreshToken}</c>, written by the bearer handler.</summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(LoginRequest request, SignInManager<ApplicationUser> signInManager)
    {
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signInManager.PasswordSignInAsync(request.Email, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        return result.IsLockedOut
            ? Unauthorized("locked-out", "This account is locked after too many failed sign-in attempts; try again in 15 minutes.")
            : Unauthorized("invalid-credentials", "Invalid email or password.");
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        SignInManager<ApplicationUser> signInManager,
        TimeProvider time)
    {
        var ticket = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires
            || time.GetUtcNow() >= expires
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return Unauthorized("invalid-refresh-token", "The refresh token is invalid or expired; sign in again.");
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static ProblemHttpResult Unauthorized(string code, string detail) =>
        TypedResults.Problem(ApiProblems.Create(StatusCodes.Status401Unauthorized, code, "Not signed in.", detail));

    internal sealed record LoginRequest(string Email, string Password);

    internal sealed record RefreshRequest(string RefreshToken);
}
