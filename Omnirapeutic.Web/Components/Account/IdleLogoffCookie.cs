using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// The sign-in cookie lives as long as the organization's idle logoff, sliding: renewed on a request once half of it
/// has passed (an open page's activity pings <c>/Account/KeepAlive</c>), so a browser left alone is signed out when its
/// page would sign out, whether the page is open or not.
/// </summary>
internal static class IdleLogoffCookie
{
    /// <summary>Why a sign-out happened, as the sign-out form and the sign-in page's query say it.</summary>
    public const string Reason = "idle";

    public static Task OnSigningIn(CookieSigningInContext context)
    {
        if (MinutesOf(context.Principal) is { } minutes)
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            (context.Properties.IssuedUtc, context.Properties.ExpiresUtc) = (now, now.AddMinutes(minutes));
        }

        return Task.CompletedTask;
    }

    public static int? MinutesOf(System.Security.Claims.ClaimsPrincipal? principal) =>
        int.TryParse(principal?.FindFirst(OmnirapeuticClaimTypes.IdleLogoffMinutes)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ? minutes : null;
}
