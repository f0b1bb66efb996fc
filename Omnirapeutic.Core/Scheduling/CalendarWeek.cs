namespace Omnirapeutic.Core.Scheduling;

public sealed record CalendarWeek(Guid PractitionerId, DateOnly Monday, string TimeZoneId, IReadOnlyList<CalendarEntry> Entries);
