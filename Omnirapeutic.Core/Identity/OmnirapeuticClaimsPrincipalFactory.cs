using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Identity;

/// <summary>
/// Puts the organization into every principal, so cookies and bearer tokens carry the tenant alike, with its idle
/// logoff (read at sign-in: a change reaches each user at their next sign-in).
/// </summary>
public sealed class OmnirapeuticClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole<Guid>> roleManager,
    IOptions<IdentityOptions> options,
    IDbContextFactory<OmnirapeuticDbContext> dbFactory)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole<Guid>>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var organization = await db.Organizations
            .Where(o => o.Id == user.OrganizationId)
            .Select(o => new { o.Name, o.IdleLogoffMinutes })
            .SingleAsync();
        identity.AddClaim(new Claim(OmnirapeuticClaimTypes.OrganizationId, user.OrganizationId.ToString()));
        identity.AddClaim(new Claim(OmnirapeuticClaimTypes.OrganizationName, organization.Name));
        identity.AddClaim(new Claim(OmnirapeuticClaimTypes.IdleLogoffMinutes, organization.IdleLogoffMinutes.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32));
        identity.AddClaim(new Claim(OmnirapeuticClaimTypes.DisplayName, user.DisplayName));
        return identity;
    }
}
