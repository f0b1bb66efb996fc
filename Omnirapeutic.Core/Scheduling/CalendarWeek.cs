using Omnirapeutic.Core.Availability;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>A practitioner's calendar week, from its first day (the organization's Monday or Sunday), with their working hours and time off.</summary>
public sealed record CalendarWeek(Guid PractitionerId, DateOnly FirstDay, string TimeZoneId, IReadOnlyList<CalendarEntry> Entries, AvailabilityPlan Availability);
