using System.Globalization;
using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// A column of <see cref="CalendarGrid"/>. It redraws only when what it shows changed (its sessions, compared one by
/// one), so a live update that moves one practitioner's session redraws that practitioner's column alone.
/// </summary>
public sealed partial class CalendarColumnCells
{
    private (CalendarColumn Column, int GridColumn, int FirstHour, int EndHour, string TimeZone, string? Place, bool ShowPractitioner)? drawn;

    [Parameter, EditorRequired]
    public CalendarColumn Column { get; set; } = default!;

    /// <summary>The grid column it occupies (1 is the time column).</summary>
    [Parameter, EditorRequired]
    public int GridColumn { get; set; }

    [Parameter]
    public int FirstHour { get; set; }

    [Parameter]
    public int EndHour { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    [Parameter]
    public string? Place { get; set; }

    /// <summary>Names each session's practitioner in its block's name (a client's week, where they differ).</summary>
    [Parameter]
    public bool ShowPractitioner { get; set; }

    [Parameter]
    public EventCallback<CalendarSlot> OnSlotSelected { get; set; }

    [Parameter]
    public EventCallback<CalendarEntry> OnSessionSelected { get; set; }

    /// <summary>Told which session a drag started from, and null when it ended; sessions are not draggable without it.</summary>
    [Parameter]
    public Action<CalendarEntry?>? Dragged { get; set; }

    /// <summary>A drop on a slot (at its time) or on a session (at that session's start).</summary>
    [Parameter, EditorRequired]
    public Func<CalendarColumn, DateTimeOffset, Task> Dropped { get; set; } = default!;

    private int SlotsPerDay => (EndHour - FirstHour) * 4;

    /// <summary>The practitioner's name in the slots' names on the board, where each column is someone's.</summary>
    private string Who => Column.Practitioner is { } practitioner ? $"{practitioner.Name} " : string.Empty;

    protected override void OnInitialized() => drawn = Drawing();

    protected override bool ShouldRender()
    {
        var now = Drawing();
        if (drawn is { } before && before.Column.Draws(now.Column) && before with { Column = now.Column } == now)
        {
            return false;
        }

        drawn = now;
        return true;
    }

    private (CalendarColumn Column, int GridColumn, int FirstHour, int EndHour, string TimeZone, string? Place, bool ShowPractitioner) Drawing() =>
        (Column, GridColumn, FirstHour, EndHour, TimeZone.Id, Place, ShowPractitioner);

    /// <summary>Who delivers a session, where the block says so: the column's practitioner, or the session's own on a client's week.</summary>
    private string? WhoDelivers(CalendarEntry entry) => Column.Practitioner?.Name ?? (ShowPractitioner ? entry.PractitionerName : null);

    private bool Elsewhere(CalendarEntry entry) => Place is not null && entry.Appointment.PlaceOfService != Place;

    /// <summary>
    /// The column's sessions and supervision clipped to the shown hours (one before them on the first row, one after on
    /// the last); row 1 is the header. Blocks that overlap (a BCBA's 97155 or an observation over the technician's 97153
    /// on a client's week) share the column side by side, each in its own lane.
    /// </summary>
    private (List<PlacedBlock<CalendarEntry>> Sessions, List<PlacedBlock<SupervisionMeetingView>> Supervision) Layout()
    {
        var sessions = StartingToday(Column.Entries, e => (e.Appointment.Start, e.Appointment.End));
        var supervision = StartingToday(Column.Supervision ?? [], m => (m.Start, m.End));
        var rows = sessions.Select(p => (p.FirstRow, p.EndRow)).Concat(supervision.Select(p => (p.FirstRow, p.EndRow))).ToList();
        PlacedBlock<T> InLane<T>(PlacedBlock<T> placed, int index)
        {
            var (first, last) = rows[index];
            var overlapping = Enumerable.Range(0, rows.Count).Where(i => rows[i].FirstRow < last && first < rows[i].EndRow).ToList();
            return placed with { Lane = overlapping.IndexOf(index), Lanes = overlapping.Count };
        }

        return ([.. sessions.Select(InLane)], [.. supervision.Select((p, i) => InLane(p, sessions.Count + i))]);
    }

    /// <summary>The blocks that start on the column's day, with their rows and local start and end.</summary>
    private List<PlacedBlock<T>> StartingToday<T>(IEnumerable<T> blocks, Func<T, (DateTimeOffset Start, DateTimeOffset End)> times)
    {
        var placed = new List<PlacedBlock<T>>();
        foreach (var block in blocks)
        {
            var (from, to) = times(block);
            var start = TimeZoneInfo.ConvertTime(from, TimeZone).DateTime;
            var end = TimeZoneInfo.ConvertTime(to, TimeZone).DateTime;
            if (DateOnly.FromDateTime(start) == Column.Day)
            {
                var (firstRow, endRow) = Rows(start, end);
                placed.Add(new PlacedBlock<T>(block, firstRow, endRow, start, end));
            }
        }

        return placed;
    }

    /// <summary>The grid rows of a block from its local start to its end (row 1 is the header), inside the shown hours.</summary>
    private (int FirstRow, int EndRow) Rows(DateTime start, DateTime end)
    {
        var firstSlot = Math.Clamp((int)Math.Floor((start.TimeOfDay.TotalMinutes - FirstHour * 60) / 15), 0, SlotsPerDay - 1);
        var endMinutes = (DateOnly.FromDateTime(end) > DateOnly.FromDateTime(start) ? 24 * 60 : end.TimeOfDay.TotalMinutes) - FirstHour * 60;
        var endSlot = Math.Clamp((int)Math.Ceiling(endMinutes / 15), firstSlot + 1, SlotsPerDay);
        return (firstSlot + 2, endSlot + 2);
    }

    /// <summary>A block's place across the column: all of it, or its lane's share beside the blocks it overlaps.</summary>
    private static string? LaneStyle(int lane, int lanes) =>
        lanes < 2 ? null : string.Create(CultureInfo.InvariantCulture, $"width: calc({100.0 / lanes:0.##}% - 6px); margin-left: calc({100.0 * lane / lanes:0.##}% + 3px); justify-self: start");

    /// <summary>
    /// The block's name: its visible text first (WCAG 2.5.3, label in name: what a voice-control user reads out names
    /// it), then the whole of it for a screen reader.
    /// </summary>
    private string Describe(PlacedBlock<CalendarEntry> placed)
    {
        var (entry, place) = (placed.Block, PlaceOfService.Of(placed.Block.Appointment.PlaceOfService));
        var flag = entry.Flag is { } f ? $", {f}" : string.Empty;
        return $"{entry.PatientInitials} · {entry.ServiceCode} {placed.LocalStart:HH:mm}–{placed.LocalEnd:HH:mm} {place.Name}{(entry.Flag is { } shown ? $" {shown}" : string.Empty)}: " +
            $"{entry.Appointment.Status} session {entry.PatientInitials} {entry.ServiceCode}, {placed.LocalStart:dddd HH:mm} to {placed.LocalEnd:HH:mm}" +
            $"{(WhoDelivers(entry) is { } who ? $" with {who}" : string.Empty)}, {entry.Appointment.Units} units, place of service {place}{flag}";
    }

    private sealed record PlacedBlock<T>(T Block, int FirstRow, int EndRow, DateTime LocalStart, DateTime LocalEnd, int Lane = 0, int Lanes = 1);
}
