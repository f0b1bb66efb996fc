using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// One column of the calendar grid: a day, of one practitioner on the clinic board (of the practitioner whose week it
/// is otherwise), with the sessions that start on it and, where someone defined availability, the windows in which
/// the day's person can be booked (the rest is shaded; null: nothing defined, nothing shaded), and the supervision
/// that starts on it: what takes the practitioner's time, or on a client's week the observations of their sessions.
/// </summary>
public sealed record CalendarColumn(
    string Header,
    DateOnly Day,
    IReadOnlyList<CalendarEntry> Entries,
    PractitionerListItem? Practitioner = null,
    bool IsToday = false,
    IReadOnlyList<WeeklyWindow>? Open = null,
    IReadOnlyList<SupervisionMeetingView>? Supervision = null)
{
    /// <summary>What the column draws, compared by value (the sessions one by one), so a redraw can skip an unchanged column.</summary>
    public bool Draws(CalendarColumn other) =>
        (Header, Day, Practitioner, IsToday) == (other.Header, other.Day, other.Practitioner, other.IsToday)
        && Entries.SequenceEqual(other.Entries)
        && (Open is null ? other.Open is null : other.Open is not null && Open.SequenceEqual(other.Open))
        && (Supervision ?? []).Select(m => (m.Id, m.Start, m.End, m.Status)).SequenceEqual((other.Supervision ?? []).Select(m => (m.Id, m.Start, m.End, m.Status)));

    /// <summary>The windows of a day in which someone can be booked, or null when they defined nothing.</summary>
    public static IReadOnlyList<WeeklyWindow>? OpenOn(AvailabilityPlan plan, DateOnly day, TimeZoneInfo zone) => plan.IsDefined ? plan.On(day, zone) : null;

    /// <summary>Whether the quarter hour from <paramref name="minute"/> lies outside the open windows (never when nothing is defined).</summary>
    public bool Unavailable(int minute) => Open is not null && !Open.Any(w => w.FromMinute <= minute && minute + 15 <= w.ToMinute);
}

/// <summary>An empty quarter-hour chosen on the grid: its column and local start.</summary>
public sealed record CalendarSlot(CalendarColumn Column, DateTimeOffset Start);

/// <summary>A session dragged onto a quarter-hour of a column: where its start would go.</summary>
public sealed record CalendarDrop(CalendarEntry Entry, CalendarColumn Column, DateTimeOffset Start);
