namespace Omnirapeutic.Core.Organizations;

/// <summary>
/// What an admin may change about the clinic: where it is, how it bills minutes, when it is warned and whether sessions
/// may be booked on authorizations still requested from the payer, and after how many days an unanswered request
/// needs following up, and which hours the calendars show.
/// </summary>
public sealed record OrganizationSettings(
    string TimeZoneId, UnitRoundingRule RoundingRule, int LowBalanceThresholdPercent, int ExpiryAlertDays, bool AllowSchedulingOnRequested = false,
    int RequestedFollowUpDays = Organization.DefaultRequestedFollowUpDays,
    int CalendarStartHour = Organization.DefaultCalendarStartHour, int CalendarEndHour = Organization.DefaultCalendarEndHour,
    DayOfWeek CalendarWeekStartsOn = DayOfWeek.Monday)
{
    public static OrganizationSettings Of(Organization organization) => new(
        organization.TimeZoneId, organization.RoundingRule, organization.LowBalanceThresholdPercent, organization.ExpiryAlertDays, organization.AllowSchedulingOnRequested,
        organization.RequestedFollowUpDays, organization.CalendarStartHour, organization.CalendarEndHour, organization.CalendarWeekStartsOn);
}
