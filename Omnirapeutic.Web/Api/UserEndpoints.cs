using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// An admin creates sign-ins through the API as on the users page (a QA suite builds its own practitioners so), clears
/// a user's two-factor sign-in, and sets who must use it.
/// </summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/users", CreateAsync).WithTags("Users").RequireAuthorization(ApiEndpoints.AdminPolicy).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/users/{id:guid}/two-factor/reset", ResetTwoFactorAsync).WithTags("Users").RequireAuthorization(ApiEndpoints.AdminPolicy);
        api.MapPost("/users/{id:guid}/sign-out-everywhere", SignOutEverywhereAsync).WithTags("Users").RequireAuthorization(ApiEndpoints.AdminPolicy);
        api.MapGet("/organization/security", GetSecurityAsync).WithTags("Organization").RequireAuthorization(ApiEndpoints.AdminPolicy);
        api.MapPut("/organization/security", SetSecurityAsync).WithTags("Organization").RequireAuthorization(ApiEndpoints.AdminPolicy);
        return api;
    }

    /// <summary>204; the user's key and recovery codes are replaced and their sessions end (a lost phone).</summary>
    private static async Task<NoContent> ResetTwoFactorAsync(Guid id, ClaimsPrincipal user, UserAdministration administration, CancellationToken cancellationToken)
    {
        await administration.ResetTwoFactorAsync(user.ToActor(), id, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>204; every cookie, token and open page of the user stops at its next credential check, on every node.</summary>
    private static async Task<NoContent> SignOutEverywhereAsync(Guid id, ClaimsPrincipal user, UserAdministration administration, CancellationToken cancellationToken)
    {
        await administration.SignOutEverywhereAsync(user.ToActor(), id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SecuritySettings>> GetSecurityAsync(ClaimsPrincipal user, OrganizationSecurity security, CancellationToken cancellationToken) =>
        TypedResults.Ok(await security.GetAsync(user.GetOrganizationId(), cancellationToken));

    private static async Task<Ok<SecuritySettings>> SetSecurityAsync(
        SecurityRequest request, ClaimsPrincipal user, OrganizationSecurity security, CancellationToken cancellationToken)
    {
        var current = await security.GetAsync(user.GetOrganizationId(), cancellationToken);
        return TypedResults.Ok(await security.SetAsync(
            user.ToActor(), new SecuritySettings(
                request.TwoFactorPolicy ?? current.TwoFactorPolicy, request.IdleLogoffMinutes ?? current.IdleLogoffMinutes, request.CaseloadAccess ?? current.CaseloadAccess), cancellationToken));
    }

    /// <summary>
    /// Who must sign in with a second factor (<c>Off</c>, <c>Admins</c> or <c>Everyone</c>) and after how many idle
    /// minutes a page signs out (2-240), whether practitioners see only their caseload; a setting left out keeps its value.
    /// </summary>
    internal sealed record SecurityRequest(TwoFactorPolicy? TwoFactorPolicy = null, int? IdleLogoffMinutes = null, bool? CaseloadAccess = null);

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
