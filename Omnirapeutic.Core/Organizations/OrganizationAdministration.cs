using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Organizations;

/// <summary>Changes an organization's own settings (admins), audited with the values before and after.</summary>
public sealed class OrganizationAdministration(SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>Saves new settings; scheduling reads the organization in its own SERIALIZABLE transactions, so this runs in one too.</summary>
    public Task<OrganizationSettings> ChangeSettingsAsync(Actor actor, OrganizationSettings settings, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == actor.OrganizationId, ct)
                ?? throw DomainException.NotFound("organization");
            var before = OrganizationSettings.Of(organization);
            organization.ChangeSettings(settings.TimeZoneId, settings.RoundingRule, settings.LowBalanceThresholdPercent, settings.ExpiryAlertDays);
            var after = OrganizationSettings.Of(organization);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "organization.change-settings", "organization", organization.Id.ToString(),
                JsonSerializer.Serialize(new { before = Describe(before), after = Describe(after) }), time.GetUtcNow()));
            return after;
        }, cancellationToken);

    private static object Describe(OrganizationSettings settings) => new
    {
        timeZoneId = settings.TimeZoneId,
        roundingRule = settings.RoundingRule.ToString(),
        lowBalanceThresholdPercent = settings.LowBalanceThresholdPercent,
        expiryAlertDays = settings.ExpiryAlertDays,
    };
}
