namespace Omnirapeutic.Core.Scheduling;

/// <summary>Every session of one calendar day in the organization's time zone, by start time.</summary>
public sealed record ScheduleDay(DateOnly Date, string TimeZoneId, IReadOnlyList<DaySession> Sessions);
