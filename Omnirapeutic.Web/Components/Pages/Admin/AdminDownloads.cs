using Microsoft.AspNetCore.Identity;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>
/// The admin pages' downloads (CSV exports): plain links a signed-in admin's browser follows with the cookie, so Blazor
/// Server needs no JavaScript for a file. Outside the API's description.
/// </summary>
internal static class AdminDownloads
{
    public static RouteHandlerBuilder MapAdminDownload(this IEndpointRouteBuilder endpoints, string pattern, Delegate handler) =>
        endpoints.MapGet(pattern, handler)
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireRole(Roles.Admin))
            .ExcludeFromDescription();
}
