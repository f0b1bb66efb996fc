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
    /// The column's sessions clipped to the shown hours (one before them on the first row, one after on the last); row 1
    /// is the header. Sessions that overlap (a BCBA's 97155 over the technician's 97153 on a client's week) share the
    /// column side by side, each in its own lane.
    /// </summary>
    private List<PlacedSession> Placed()
    {
        var placed = new List<PlacedSession>();
        foreach (var entry in Column.Entries)
        {
            var start = TimeZoneInfo.ConvertTime(entry.Appointment.Start, TimeZone).DateTime;
            var end = TimeZoneInfo.ConvertTime(entry.Appointment.End, TimeZone).DateTime;
            if (DateOnly.FromDateTime(start) != Column.Day)
            {
                continue;
            }

            var (firstRow, endRow) = Rows(start, end);
            placed.Add(new PlacedSession(entry, firstRow, endRow, start, end));
        }

        return [.. placed.Select(p =>
        {
            var overlapping = placed.Where(o => o.FirstRow < p.EndRow && p.FirstRow < o.EndRow).ToList();
            return p with { Lane = overlapping.IndexOf(p), Lanes = overlapping.Count };
        })];
    }

    /// <summary>The day's supervision clipped to the shown hours, as the sessions are: rows, and local start and end.</summary>
    private IEnumerable<(SupervisionMeetingView Meeting, int FirstRow, int EndRow, DateTime LocalStart, DateTime LocalEnd)> PlacedSupervision()
    {
        foreach (var meeting in Column.Supervision ?? [])
        {
            var start = TimeZoneInfo.ConvertTime(meeting.Start, TimeZone).DateTime;
            var end = TimeZoneInfo.ConvertTime(meeting.End, TimeZone).DateTime;
            if (DateOnly.FromDateTime(start) == Column.Day)
            {
                var (first, last) = Rows(start, end);
                yield return (meeting, first, last, start, end);
            }
        }
    }

    /// <summary>The grid rows of a block from its local start to its end (row 1 is the header), inside the shown hours.</summary>
    private (int FirstRow, int EndRow) Rows(DateTime start, DateTime end)
    {
        var firstSlot = Math.Clamp((int)Math.Floor((start.TimeOfDay.TotalMinutes - FirstHour * 60) / 15), 0, SlotsPerDay - 1);
        var endMinutes = (DateOnly.FromDateTime(end) > DateOnly.FromDateTime(start) ? 24 * 60 : end.TimeOfDay.TotalMinutes) - FirstHour * 60;
        var endSlot = Math.Clamp((int)Math.Ceiling(endMinutes / 15), firstSlot + 1, SlotsPerDay);
        return (firstSlot + 2, endSlot + 2);
    }

    /// <summary>A block's place across the column: all of it, or its lane's share beside the sessions it overlaps.</summary>
    private static string? LaneStyle(PlacedSession placed) =>
        placed.Lanes < 2 ? null : string.Create(CultureInfo.InvariantCulture, $"width: calc({100.0 / placed.Lanes:0.##}% - 6px); margin-left: calc({100.0 * placed.Lane / placed.Lanes:0.##}% + 3px); justify-self: start");

    /// <summary>
    /// The block's name: its visible text first (WCAG 2.5.3, label in name: what a voice-control user reads out names
    /// it), then the whole of it for a screen reader.
    /// </summary>
    private string Describe(PlacedSession placed)
    {
        var (entry, place) = (placed.Entry, PlaceOfService.Of(placed.Entry.Appointment.PlaceOfService));
        var flag = entry.Flag is { } f ? $", {f}" : string.Empty;
        return $"{entry.PatientInitials} · {entry.ServiceCode} {placed.LocalStart:HH:mm}–{placed.LocalEnd:HH:mm} {place.Name}{(entry.Flag is { } shown ? $" {shown}" : string.Empty)}: " +
            $"{entry.Appointment.Status} session {entry.PatientInitials} {entry.ServiceCode}, {placed.LocalStart:dddd HH:mm} to {placed.LocalEnd:HH:mm}" +
            $"{(WhoDelivers(entry) is { } who ? $" with {who}" : string.Empty)}, {entry.Appointment.Units} units, place of service {place}{flag}";
    }

    private sealed record PlacedSession(CalendarEntry Entry, int FirstRow, int EndRow, DateTime LocalStart, DateTime LocalEnd, int Lane = 0, int Lanes = 1);
}
