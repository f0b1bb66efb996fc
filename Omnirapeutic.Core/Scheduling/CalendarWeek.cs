using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// A practitioner's calendar week, from its first day (the organization's Monday or Sunday), with their working hours
/// and time off, and the supervision that takes their time (non-billable, so not among the sessions).
/// </summary>
public sealed record CalendarWeek(
    Guid PractitionerId, DateOnly FirstDay, string TimeZoneId, IReadOnlyList<CalendarEntry> Entries, AvailabilityPlan Availability, IReadOnlyList<SupervisionMeetingView> Supervision);
