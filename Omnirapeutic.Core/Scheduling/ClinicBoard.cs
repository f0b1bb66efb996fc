using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// The front desk's view: every active practitioner, the sessions they hold over a day or a week, their working hours
/// and time off, and the supervision meetings and observations that take their time.
/// </summary>
public sealed record ClinicBoard(
    DateOnly First,
    int Days,
    string TimeZoneId,
    IReadOnlyList<PractitionerListItem> Practitioners,
    IReadOnlyList<CalendarEntry> Entries,
    AvailabilityPlans Availability,
    IReadOnlyList<SupervisionMeetingView> Supervision);
