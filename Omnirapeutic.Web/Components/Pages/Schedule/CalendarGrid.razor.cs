using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

public sealed partial class CalendarGrid
{
    private CalendarEntry? dragging;

    [Parameter, EditorRequired]
    public IReadOnlyList<CalendarColumn> Columns { get; set; } = [];

    /// <summary>The grid's accessible name ("Week of 11 January 2027", "Monday 11 January 2027, every practitioner").</summary>
    [Parameter, EditorRequired]
    public string Label { get; set; } = string.Empty;

    /// <summary>The first hour shown, in the organization's time zone (its calendar hours setting).</summary>
    [Parameter]
    public int FirstHour { get; set; } = Organization.DefaultCalendarStartHour;

    /// <summary>The hour the grid ends (exclusive).</summary>
    [Parameter]
    public int EndHour { get; set; } = Organization.DefaultCalendarEndHour;

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>The narrowest a column may get before the grid scrolls sideways (0: the columns share the width).</summary>
    [Parameter]
    public string ColumnMinWidth { get; set; } = "0";

    /// <summary>A place of service to pick out: sessions elsewhere are drawn faded (they still hold their time).</summary>
    [Parameter]
    public string? Place { get; set; }

    /// <summary>Names each session's practitioner on its block (a client's week).</summary>
    [Parameter]
    public bool ShowPractitioner { get; set; }

    [Parameter]
    public EventCallback<CalendarSlot> OnSlotSelected { get; set; }

    [Parameter]
    public EventCallback<CalendarEntry> OnSessionSelected { get; set; }

    /// <summary>When set, scheduled sessions can be dragged onto a quarter-hour of any column.</summary>
    [Parameter]
    public EventCallback<CalendarDrop> OnSessionDropped { get; set; }

    private int SlotsPerDay => (EndHour - FirstHour) * 4;

    /// <summary>The session being dragged; a drag that ends anywhere but on a slot forgets it, so a later drop of something else moves nothing.</summary>
    private void Drag(CalendarEntry? entry) => dragging = entry;

    private async Task DropAsync(CalendarColumn column, DateTimeOffset start)
    {
        if (dragging is { } entry)
        {
            dragging = null;
            await OnSessionDropped.InvokeAsync(new CalendarDrop(entry, column, start));
        }
    }
}
