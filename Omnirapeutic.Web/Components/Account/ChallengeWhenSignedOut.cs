using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// A credential that authenticated but was revoked (<see cref="RevokedCredentialCheck"/>) leaves a principal that is
/// not signed in; such a caller is asked to sign in again (401, or the sign-in page) rather than told it is forbidden.
/// </summary>
internal sealed class ChallengeWhenSignedOut : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        _default.HandleAsync(
            next,
            context,
            policy,
            authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated != true ? PolicyAuthorizationResult.Challenge() : authorizeResult);
}
