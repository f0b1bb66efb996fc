using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Web.Api;

/// <summary>An admin creates sign-ins through the API as on the users page (a QA suite builds its own practitioners so).</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/users", CreateAsync).WithTags("Users").RequireAuthorization(ApiEndpoints.AdminPolicy).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Created<CreatedUser>> CreateAsync(
        NewUserRequest request, ClaimsPrincipal user, UserAdministration administration, PractitionerDirectory practitioners, CancellationToken cancellationToken)
    {
        var organizationId = user.GetOrganizationId();
        var id = await administration.CreateAsync(user.ToActor(), new NewUser(
            request.DisplayName, request.Email, request.Password, request.Role, request.FirstName, request.LastName, request.Credential), cancellationToken);
        var practitioner = await practitioners.FindByUserAsync(organizationId, id, cancellationToken);
        return TypedResults.Created((string?)null, new CreatedUser(id, request.Email.Trim(), request.DisplayName.Trim(), request.Role, practitioner?.Id, practitioner?.Credential));
    }

    /// <summary>A practitioner also needs a first and last name and a credential; an admin needs neither.</summary>
    internal sealed record NewUserRequest(
        [property: JsonRequired] string DisplayName,
        [property: JsonRequired] string Email,
        [property: JsonRequired] string Password,
        [property: JsonRequired] string Role,
        string? FirstName = null,
        string? LastName = null,
        Credential? Credential = null);

    internal sealed record CreatedUser(Guid Id, string Email, string DisplayName, string Role, Guid? PractitionerId, Credential? Credential);
}
