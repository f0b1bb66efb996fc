using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Sign-out is a form POST with an antiforgery token; the Identity pages themselves are Razor components.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async Task<IResult> (
            HttpContext context,
            [FromServices] IAntiforgery antiforgery,
            [FromServices] SignInManager<ApplicationUser> signInManager) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return TypedResults.Text("The sign-out form has expired. Reload the page and sign out again.", statusCode: StatusCodes.Status400BadRequest);
            }

            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });
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
