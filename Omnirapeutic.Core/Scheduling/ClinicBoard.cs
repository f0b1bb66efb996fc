using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>The front desk's view: every active practitioner and the sessions they hold over a day or a week.</summary>
public sealed record ClinicBoard(DateOnly First, int Days, string TimeZoneId, IReadOnlyList<PractitionerListItem> Practitioners, IReadOnlyList<CalendarEntry> Entries);
