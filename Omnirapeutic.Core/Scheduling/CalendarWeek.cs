namespace Omnirapeutic.Core.Scheduling;

/// <summary>A practitioner's calendar week, from its first day (the organization's Monday or Sunday).</summary>
public sealed record CalendarWeek(Guid PractitionerId, DateOnly FirstDay, string TimeZoneId, IReadOnlyList<CalendarEntry> Entries);
