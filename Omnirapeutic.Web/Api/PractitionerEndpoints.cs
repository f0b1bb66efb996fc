using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Web.Api;

internal static class PractitionerEndpoints
{
    public static RouteGroupBuilder MapPractitionerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/practitioners", ListAsync).WithTags("Practitioners");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PractitionerListItem>>> ListAsync(
        ClaimsPrincipal user, PractitionerDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.ListAsync(user.GetOrganizationId(), cancellationToken));
}
