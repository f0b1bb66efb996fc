namespace Omnirapeutic.Core.Organizations;

/// <summary>
/// What an admin may change about the clinic: where it is, how it bills minutes, when it is warned and whether sessions
/// may be booked on authorizations still requested from the payer, and after how many days an unanswered request
/// needs following up.
/// </summary>
public sealed record OrganizationSettings(
    string TimeZoneId, UnitRoundingRule RoundingRule, int LowBalanceThresholdPercent, int ExpiryAlertDays, bool AllowSchedulingOnRequested = false,
    int RequestedFollowUpDays = Organization.DefaultRequestedFollowUpDays)
{
    public static OrganizationSettings Of(Organization organization) => new(
        organization.TimeZoneId, organization.RoundingRule, organization.LowBalanceThresholdPercent, organization.ExpiryAlertDays, organization.AllowSchedulingOnRequested,
        organization.RequestedFollowUpDays);
}
