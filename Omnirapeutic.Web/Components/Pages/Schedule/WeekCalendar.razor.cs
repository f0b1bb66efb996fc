using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

public sealed partial class WeekCalendar
{
    /// <summary>The first hour shown, in the organization's time zone (its calendar hours setting).</summary>
    [Parameter]
    public int FirstHour { get; set; } = Organization.DefaultCalendarStartHour;

    /// <summary>The hour the grid ends (exclusive).</summary>
    [Parameter]
    public int EndHour { get; set; } = Organization.DefaultCalendarEndHour;

    /// <summary>Monday of the week shown.</summary>
    [Parameter, EditorRequired]
    public DateOnly Monday { get; set; }

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

    /// <summary>The quarter-hour start times of the shown hours.</summary>
    public static IReadOnlyList<TimeOnly> StartTimes(int firstHour, int endHour) =>
        [.. Enumerable.Range(0, (endHour - firstHour) * 4).Select(i => new TimeOnly(firstHour, 0).AddMinutes(15 * i))];

    private int SlotsPerDay => (EndHour - FirstHour) * 4;

    private TimeOnly Start => new(FirstHour, 0);

    private List<DateOnly> Days => SingleDay is { } day ? [day] : [.. Enumerable.Range(0, 7).Select(Monday.AddDays)];

    /// <summary>A local wall-clock time of a day in the organization's zone, with that moment's offset.</summary>
    internal static DateTimeOffset Instant(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>Sessions inside the shown days, clipped to the shown hours (one before them on the first row, one after on the last); row 1 is the header.</summary>
    private IEnumerable<PlacedSession> Placed()
    {
        var days = Days;
        foreach (var entry in Entries)
        {
            var start = TimeZoneInfo.ConvertTime(entry.Appointment.Start, TimeZone).DateTime;
            var end = TimeZoneInfo.ConvertTime(entry.Appointment.End, TimeZone).DateTime;
            var column = days.IndexOf(DateOnly.FromDateTime(start));
            if (column < 0)
            {
                continue;
            }

            var firstSlot = Math.Clamp((int)Math.Floor((start.TimeOfDay.TotalMinutes - FirstHour * 60) / 15), 0, SlotsPerDay - 1);
            var endMinutes = (DateOnly.FromDateTime(end) > DateOnly.FromDateTime(start) ? 24 * 60 : end.TimeOfDay.TotalMinutes) - FirstHour * 60;
            var endSlot = Math.Clamp((int)Math.Ceiling(endMinutes / 15), firstSlot + 1, SlotsPerDay);
            yield return new PlacedSession(entry, column + 2, firstSlot + 2, endSlot + 2, start, end);
        }
    }

    private static string Describe(PlacedSession placed) =>
        $"{placed.Entry.Appointment.Status} session {placed.Entry.PatientInitials} {placed.Entry.ServiceCode}, " +
        $"{placed.LocalStart:dddd HH:mm} to {placed.LocalEnd:HH:mm}, {placed.Entry.Appointment.Units} units, " +
        $"place of service {PlaceOfService.Of(placed.Entry.Appointment.PlaceOfService)}{(placed.Entry.Flag is { } flag ? $", {flag}" : string.Empty)}";

    private sealed record PlacedSession(CalendarEntry Entry, int Column, int FirstRow, int EndRow, DateTime LocalStart, DateTime LocalEnd);
}
