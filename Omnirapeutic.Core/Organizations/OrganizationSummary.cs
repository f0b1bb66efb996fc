namespace Omnirapeutic.Core.Organizations;

public sealed record OrganizationSummary(
    string Name,
    string TimeZoneId,
    UnitRoundingRule RoundingRule,
    int Patients,
    int Practitioners,
    int ActiveAuthorizations,
    int CalendarStartHour = Organization.DefaultCalendarStartHour,
    int CalendarEndHour = Organization.DefaultCalendarEndHour,
    DayOfWeek CalendarWeekStartsOn = DayOfWeek.Monday);
