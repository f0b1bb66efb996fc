using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a form POST with an antiforgery token (an idle page's says why, for the sign-in page to tell); the
    /// Identity pages themselves are Razor components.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async Task<IResult> (
            HttpContext context,
            [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<ApplicationUser> signInManager) =>
        {
            // A cookie that already ran out (an idle page's own sign-out can come just after it) has nothing left to end,
            // and its form's token no longer matches anyone: there is nothing to protect, so it goes to the sign-in page.
            if (context.User.Identity?.IsAuthenticated == true && !await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.Text("The sign-out form has expired. Reload the page and sign out again.", statusCode: StatusCodes.Status400BadRequest);
            }

            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(context.Request.HasFormContentType && context.Request.Form["reason"] == IdleLogoffCookie.Reason ? $"~/Account/Login?signedOut={IdleLogoffCookie.Reason}" : "~/Account/Login");
        });
        // An open page's activity pings this now and then, so the cookie's sliding lifetime follows the person, not the last page load.
        endpoints.MapGet("/Account/KeepAlive", () => TypedResults.NoContent()).RequireAuthorization();
        endpoints.MapPost("/Account/LogoutEverywhere", async Task<IResult> (
            HttpContext context,
            [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] UserAdministration users) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.Text("The sign-out form has expired. Reload the page and sign out again.", statusCode: StatusCodes.Status400BadRequest);
            }

            await users.SignOutEverywhereAsync(context.User.ToActor(), context.RequestAborted);
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        }).RequireAuthorization();
        return endpoints;
    }
}
