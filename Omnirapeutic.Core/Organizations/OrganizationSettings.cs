namespace Omnirapeutic.Core.Organizations;

/// <summary>What an admin may change about the clinic: where it is, how it bills minutes and when it is warned.</summary>
public sealed record OrganizationSettings(string TimeZoneId, UnitRoundingRule RoundingRule, int LowBalanceThresholdPercent, int ExpiryAlertDays)
{
    public static OrganizationSettings Of(Organization organization) => new(
        organization.TimeZoneId, organization.RoundingRule, organization.LowBalanceThresholdPercent, organization.ExpiryAlertDays);
}
