using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Organizations;

/// <summary>
/// How the organization's users sign in and what they see: who must use two-factor sign-in, after how many idle minutes
/// a page signs out, and whether practitioners see only their caseload.
/// </summary>
public sealed record SecuritySettings(TwoFactorPolicy TwoFactorPolicy, int IdleLogoffMinutes = Organization.DefaultIdleLogoffMinutes, bool CaseloadAccess = true);

/// <summary>Reads and sets the organization's sign-in policy (admins), audited with the values before and after.</summary>
public sealed class OrganizationSecurity(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    public async Task<SecuritySettings> GetAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Organizations.Where(o => o.Id == organizationId).Select(o => new SecuritySettings(o.TwoFactorPolicy, o.IdleLogoffMinutes, o.CaseloadAccess)).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
    }

    public Task<SecuritySettings> SetAsync(Actor actor, SecuritySettings settings, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == actor.OrganizationId, ct) ?? throw DomainException.NotFound("organization");
            var before = Describe(organization);
            organization.ChangeSecurity(settings.TwoFactorPolicy, settings.IdleLogoffMinutes, settings.CaseloadAccess);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "organization.security", "organization", organization.Id.ToString(),
                JsonSerializer.Serialize(new { before, after = Describe(organization) }), time.GetUtcNow()));
            return new SecuritySettings(organization.TwoFactorPolicy, organization.IdleLogoffMinutes, organization.CaseloadAccess);
        }, cancellationToken);

    private static object Describe(Organization organization) =>
        new { twoFactorPolicy = organization.TwoFactorPolicy.ToString(), idleLogoffMinutes = organization.IdleLogoffMinutes, caseloadAccess = organization.CaseloadAccess };
}
