using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

public sealed partial class BoardWeek
{
    private CalendarEntry? dragging;

    /// <summary>The week's first day.</summary>
    [Parameter, EditorRequired]
    public DateOnly First { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<PractitionerListItem> Practitioners { get; set; } = [];

    [Parameter, EditorRequired]
    public IReadOnlyList<CalendarEntry> Entries { get; set; } = [];

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    [Parameter]
    public DateOnly Today { get; set; }

    [Parameter]
    public int FirstHour { get; set; } = Organization.DefaultCalendarStartHour;

    [Parameter]
    public int EndHour { get; set; } = Organization.DefaultCalendarEndHour;

    [Parameter]
    public string? Place { get; set; }

    /// <summary>The practitioners' working hours and time off: a day with none is shaded.</summary>
    [Parameter]
    public AvailabilityPlans Availability { get; set; } = AvailabilityPlans.None;

    /// <summary>The supervision meetings and observations of the week, each drawn in the rows of those whose time it takes.</summary>
    [Parameter]
    public IReadOnlyList<SupervisionMeetingView> Supervision { get; set; } = [];

    /// <summary>A day's cell chosen to book into, at that practitioner's first free hour of it.</summary>
    [Parameter]
    public EventCallback<CalendarSlot> OnBook { get; set; }

    [Parameter]
    public EventCallback<CalendarEntry> OnSessionSelected { get; set; }

    [Parameter]
    public EventCallback<CalendarDrop> OnSessionDropped { get; set; }

    private IEnumerable<DateOnly> Days => Enumerable.Range(0, 7).Select(First.AddDays);

    private List<CalendarColumn> ColumnsOf(PractitionerListItem practitioner) =>
        [.. Days.Select(day => new CalendarColumn(
            day.ToString("ddd d MMM"),
            day,
            [.. Entries.Where(e => e.Appointment.PractitionerId == practitioner.Id && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.Appointment.Start, TimeZone).DateTime) == day)],
            practitioner,
            day == Today,
            CalendarColumn.OpenOn(Availability.Practitioner(practitioner.Id), day, TimeZone),
            [.. Supervision.Where(m => m.Takes(practitioner.Id) && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.Start, TimeZone).DateTime) == day)]))];

    /// <summary>The session being dragged; a drag that ends anywhere but on a cell forgets it.</summary>
    private void Drag(CalendarEntry? entry) => dragging = entry;

    /// <summary>The dragged session on another day or practitioner at the same local time of day.</summary>
    private async Task DropAsync(CalendarColumn column)
    {
        if (dragging is { } entry)
        {
            dragging = null;
            var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(entry.Appointment.Start, TimeZone).DateTime);
            await OnSessionDropped.InvokeAsync(new CalendarDrop(entry, column, WeekCalendar.Instant(column.Day, time, TimeZone)));
        }
    }
}
