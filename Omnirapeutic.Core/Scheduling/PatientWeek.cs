using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// A client's calendar week across all their practitioners, from its first day (the organization's Monday or Sunday),
/// with when they can be seen and the observations of their sessions (a supervisor present, nothing billed).
/// </summary>
public sealed record PatientWeek(
    Guid PatientId, string PatientName, DateOnly FirstDay, string TimeZoneId, IReadOnlyList<CalendarEntry> Entries, AvailabilityPlan Availability, IReadOnlyList<SupervisionMeetingView> Supervision);
