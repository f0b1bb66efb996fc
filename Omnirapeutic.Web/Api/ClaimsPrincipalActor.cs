using System.Security.Claims;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Api;

internal static class ClaimsPrincipalActor
{
    public static Actor ToActor(this ClaimsPrincipal user) => new(user.GetOrganizationId(), user.GetUserId());
}
