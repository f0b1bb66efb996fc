using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Organizations;

public sealed class OrganizationDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory)
{
    public async Task<OrganizationSummary> GetSummaryAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationId, cancellationToken);
        return new OrganizationSummary(
            organization.Name,
            organization.TimeZoneId,
            organization.RoundingRule,
            await db.Patients.CountAsync(cancellationToken),
            await db.Practitioners.CountAsync(p => p.IsActive, cancellationToken),
            await db.Authorizations.CountAsync(a => a.Status == AuthorizationStatus.Active, cancellationToken),
            organization.CalendarStartHour,
            organization.CalendarEndHour,
            organization.CalendarWeekStartsOn);
    }

    public async Task<OrganizationSettings> GetSettingsAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken)
            ?? throw DomainException.NotFound("organization");
        return OrganizationSettings.Of(organization);
    }
}
