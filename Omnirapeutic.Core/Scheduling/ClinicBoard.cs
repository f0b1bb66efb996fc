using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>The front desk's view: every active practitioner, the sessions they hold over a day or a week, and their working hours and time off.</summary>
public sealed record ClinicBoard(
    DateOnly First, int Days, string TimeZoneId, IReadOnlyList<PractitionerListItem> Practitioners, IReadOnlyList<CalendarEntry> Entries, AvailabilityPlans Availability);
