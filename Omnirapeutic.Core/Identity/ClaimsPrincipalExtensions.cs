using System.Security.Claims;

namespace Omnirapeutic.Core.Identity;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's organization: the only tenant a request may see.</summary>
    public static Guid GetOrganizationId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(OmnirapeuticClaimTypes.OrganizationId), out var id)
            ? id
            : throw new InvalidOperationException("The principal carries no organization.");

    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The principal carries no user id.");

    /// <summary>The signed-in user as the actor of a change, bounded by their organization.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal) => new(
        principal.GetOrganizationId(),
        principal.GetUserId(),
        principal.IsInRole(Roles.Practitioner) && !principal.IsInRole(Roles.Admin) && !principal.IsInRole(Roles.Scheduler));
}
