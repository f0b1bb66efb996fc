using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// Sends a signed-in user whose organization requires two-factor sign-in of them, and who has not set it up, to set
/// it up: every page but that one and signing out redirects there (the API refuses their sign-in instead, see
/// <c>AuthEndpoints</c>). The answer is cached per user and security stamp for the credential check's interval, so a
/// policy an admin turns on reaches signed-in users within seconds and turning two-factor on (which changes the
/// stamp) lets them through at once.
/// </summary>
internal sealed class TwoFactorGate(RequestDelegate next, IMemoryCache cache, IConfiguration configuration, IOptions<IdentityOptions> identity)
{
    public const string EnrolPath = "/Account/Manage/EnableAuthenticator";

    private static readonly string[] Open = [EnrolPath, "/Account/Logout", "/Account/LogoutEverywhere", "/Account/Login", "/api", "/hubs", "/health", "/metrics", "/_framework", "/_content", "/_blazor"];

    public async Task InvokeAsync(HttpContext context, UserAdministration users)
    {
        if (context.User.Identity?.IsAuthenticated == true && !Open.Any(path => context.Request.Path.StartsWithSegments(path)) && !Path.HasExtension(context.Request.Path.Value)
            && await MustEnrolAsync(context.User, users, context.RequestAborted))
        {
            context.Response.Redirect($"{context.Request.PathBase}{EnrolPath}");
            return;
        }

        await next(context);
    }

    private async Task<bool> MustEnrolAsync(ClaimsPrincipal principal, UserAdministration users, CancellationToken cancellationToken)
    {
        var claims = identity.Value.ClaimsIdentity;
        if (!Guid.TryParse(principal.FindFirstValue(claims.UserIdClaimType), out var userId))
        {
            return false;
        }

        var key = (nameof(TwoFactorGate), userId, principal.FindFirstValue(claims.SecurityStampClaimType));
        if (!cache.TryGetValue(key, out bool mustEnrol))
        {
            mustEnrol = (await users.TwoFactorStatusAsync(userId, cancellationToken)).MustEnrol;
            var interval = configuration.GetValue(CurrentCredentials.CheckIntervalSetting, CurrentCredentials.DefaultCheckInterval);
            if (interval > TimeSpan.Zero)
            {
                cache.Set(key, mustEnrol, interval);
            }
        }

        return mustEnrol;
    }
}
