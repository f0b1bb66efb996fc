using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// A practitioner's (or a client's) week on the calendar grid, a column per day (one day alone on narrow screens),
/// shaded outside their availability.
/// </summary>
public sealed partial class WeekCalendar
{
    /// <summary>The first hour shown, in the organization's time zone (its calendar hours setting).</summary>
    [Parameter]
    public int FirstHour { get; set; } = Organization.DefaultCalendarStartHour;

    /// <summary>The hour the grid ends (exclusive).</summary>
    [Parameter]
    public int EndHour { get; set; } = Organization.DefaultCalendarEndHour;

    /// <summary>The first day of the week shown (the organization's Monday or Sunday).</summary>
    [Parameter, EditorRequired]
    public DateOnly FirstDay { get; set; }

    /// <summary>Only this day, for narrow screens; the whole week when null.</summary>
    [Parameter]
    public DateOnly? SingleDay { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    [Parameter]
    public DateOnly Today { get; set; }

    [Parameter]
    public IReadOnlyList<CalendarEntry> Entries { get; set; } = [];

    [Parameter]
    public EventCallback<DateTimeOffset> OnSlotSelected { get; set; }

    [Parameter]
    public EventCallback<CalendarEntry> OnSessionSelected { get; set; }

    /// <summary>When set, sessions can be dragged to another day or time (a client's week).</summary>
    [Parameter]
    public EventCallback<CalendarDrop> OnSessionDropped { get; set; }

    /// <summary>When the week's person can be booked: the practitioner's working hours and time off, or the client's availability.</summary>
    [Parameter]
    public AvailabilityPlan Availability { get; set; } = AvailabilityPlan.None;

    /// <summary>The supervision that takes the week's practitioner's time, or observes the client's sessions (drawn, not bookable).</summary>
    [Parameter]
    public IReadOnlyList<SupervisionMeetingView> Supervision { get; set; } = [];

    /// <summary>Names each session's practitioner on its block (a client's week).</summary>
    [Parameter]
    public bool ShowPractitioner { get; set; }

    /// <summary>The quarter-hour start times of the shown hours.</summary>
    public static IReadOnlyList<TimeOnly> StartTimes(int firstHour, int endHour) =>
        [.. Enumerable.Range(0, (endHour - firstHour) * 4).Select(i => new TimeOnly(firstHour, 0).AddMinutes(15 * i))];

    private List<DateOnly> Days => SingleDay is { } day ? [day] : [.. Enumerable.Range(0, 7).Select(FirstDay.AddDays)];

    private IReadOnlyList<CalendarColumn> columns = [];

    protected override void OnParametersSet() =>
        columns = [.. Days.Select(day => new CalendarColumn(
            day.ToString("ddd d MMM"),
            day,
            [.. Entries.Where(e => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.Appointment.Start, TimeZone).DateTime) == day)],
            IsToday: day == Today,
            Open: CalendarColumn.OpenOn(Availability, day, TimeZone),
            Supervision: [.. Supervision.Where(m => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.Start, TimeZone).DateTime) == day)]))];

    /// <summary>A local wall-clock time of a day in the organization's zone, with that moment's offset.</summary>
    internal static DateTimeOffset Instant(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
