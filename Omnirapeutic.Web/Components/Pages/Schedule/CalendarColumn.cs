using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// One column of the calendar grid: a day, of one practitioner on the clinic board (of the practitioner whose week it
/// is otherwise), with the sessions that start on it.
/// </summary>
public sealed record CalendarColumn(string Header, DateOnly Day, IReadOnlyList<CalendarEntry> Entries, PractitionerListItem? Practitioner = null, bool IsToday = false)
{
    /// <summary>What the column draws, compared by value (the sessions one by one), so a redraw can skip an unchanged column.</summary>
    public bool Draws(CalendarColumn other) =>
        (Header, Day, Practitioner, IsToday) == (other.Header, other.Day, other.Practitioner, other.IsToday) && Entries.SequenceEqual(other.Entries);
}

/// <summary>An empty quarter-hour chosen on the grid: its column and local start.</summary>
public sealed record CalendarSlot(CalendarColumn Column, DateTimeOffset Start);

/// <summary>A session dragged onto a quarter-hour of a column: where its start would go.</summary>
public sealed record CalendarDrop(CalendarEntry Entry, CalendarColumn Column, DateTimeOffset Start);
