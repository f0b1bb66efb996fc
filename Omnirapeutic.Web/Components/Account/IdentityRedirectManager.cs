using Microsoft.AspNetCore.Components;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>Redirects from statically rendered Identity pages, refusing open redirects.</summary>
internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    /// <summary>
    /// To <paramref name="uri"/> when it resolves to a page of this site, else home: a return URL comes from the query
    /// string, and <c>//evil.example</c>, <c>/\evil.example</c> or <c>javascript:</c> must not leave it (nor fail the sign-in).
    /// </summary>
    public void RedirectTo(string? uri)
    {
        var home = new Uri(navigationManager.BaseUri);
        var local = Uri.TryCreate(home, uri, out var target) && home.IsBaseOf(target) && !target.AbsolutePath.StartsWith("//", StringComparison.Ordinal);
        navigationManager.NavigateTo(local ? target!.AbsoluteUri : home.AbsoluteUri);
    }

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path));
    }
}
