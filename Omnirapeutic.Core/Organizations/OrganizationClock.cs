namespace Omnirapeutic.Core.Organizations;

public static class OrganizationClock
{
    /// <summary>The calendar date at the organization's location: authorizations end at its midnight, not UTC's.</summary>
    public static DateOnly Today(this TimeProvider time, string timeZoneId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).DateTime);
}
