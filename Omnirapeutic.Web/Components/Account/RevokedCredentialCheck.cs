using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// Runs after every authentication, bearer token and cookie alike (the hub's included): a principal whose credential
/// was revoked is treated as not signed in, so the API answers 401 and the hub refuses the connection. The answer is
/// cached per user and stamp for <see cref="CurrentCredentials.CheckIntervalSetting"/>, so every node looks again on
/// its own within seconds and a busy client costs one query per interval.
/// </summary>
internal sealed class RevokedCredentialCheck(CurrentCredentials credentials, IMemoryCache cache, IConfiguration configuration, IOptions<IdentityOptions> identity)
    : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        var claims = identity.Value.ClaimsIdentity;
        if (principal.Identity?.IsAuthenticated != true
            || principal.FindFirstValue(claims.UserIdClaimType) is not { } userId
            || principal.FindFirstValue(claims.SecurityStampClaimType) is not { } stamp)
        {
            return principal;
        }

        var interval = configuration.GetValue(CurrentCredentials.CheckIntervalSetting, CurrentCredentials.DefaultCheckInterval);
        var key = (nameof(RevokedCredentialCheck), userId, stamp);
        if (!cache.TryGetValue(key, out bool current))
        {
            current = await credentials.IsCurrentAsync(principal);
            if (interval > TimeSpan.Zero)
            {
                cache.Set(key, current, interval);
            }
        }

        return current ? principal : new ClaimsPrincipal(new ClaimsIdentity());
    }
}
