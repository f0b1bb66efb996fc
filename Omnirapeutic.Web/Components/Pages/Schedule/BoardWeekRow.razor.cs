using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>One practitioner's week on the board; like a day column, it redraws only when its sessions or supervision changed.</summary>
public sealed partial class BoardWeekRow
{
    private (IReadOnlyList<CalendarColumn> Columns, string TimeZone, int FirstHour, int EndHour, string? Place)? drawn;

    [Parameter, EditorRequired]
    public PractitionerListItem Practitioner { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<CalendarColumn> Columns { get; set; } = [];

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    [Parameter]
    public int FirstHour { get; set; }

    [Parameter]
    public int EndHour { get; set; }

    [Parameter]
    public string? Place { get; set; }

    [Parameter]
    public EventCallback<CalendarSlot> OnBook { get; set; }

    [Parameter]
    public EventCallback<CalendarEntry> OnSessionSelected { get; set; }

    [Parameter, EditorRequired]
    public Action<CalendarEntry?> Dragged { get; set; } = default!;

    [Parameter, EditorRequired]
    public Func<CalendarColumn, Task> Dropped { get; set; } = default!;

    protected override void OnInitialized() => drawn = Drawing();

    protected override bool ShouldRender()
    {
        var now = Drawing();
        if (drawn is { } before && before.Columns.Count == now.Columns.Count && before.Columns.Zip(now.Columns).All(p => p.First.Draws(p.Second))
            && before with { Columns = now.Columns } == now)
        {
            return false;
        }

        drawn = now;
        return true;
    }

    private (IReadOnlyList<CalendarColumn> Columns, string TimeZone, int FirstHour, int EndHour, string? Place) Drawing() =>
        (Columns, TimeZone.Id, FirstHour, EndHour, Place);

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    /// <summary>The first quarter-hour of the day's calendar hours with a free (no session, no supervision), available hour after it (else the first hour).</summary>
    private DateTimeOffset FirstFree(CalendarColumn column)
    {
        var busy = column.Entries.Where(e => e.Appointment.Status != AppointmentStatus.Cancelled).Select(e => (Local(e.Appointment.Start), Local(e.Appointment.End)))
            .Concat((column.Supervision ?? []).Select(m => (Local(m.Start), Local(m.End))))
            .ToList();
        for (var start = column.Day.ToDateTime(new TimeOnly(FirstHour, 0)); start.AddHours(1) <= column.Day.ToDateTime(TimeOnly.MinValue).AddHours(EndHour); start = start.AddMinutes(15))
        {
            var end = start.AddHours(1);
            var minute = (int)start.TimeOfDay.TotalMinutes;
            if (!busy.Any(b => b.Item1 < end && start < b.Item2) && Enumerable.Range(0, 4).All(quarter => !column.Unavailable(minute + (quarter * 15))))
            {
                return WeekCalendar.Instant(column.Day, TimeOnly.FromDateTime(start), TimeZone);
            }
        }

        return WeekCalendar.Instant(column.Day, new TimeOnly(FirstHour, 0), TimeZone);
    }
}
