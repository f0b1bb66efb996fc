using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

public sealed partial class WeekCalendar
{
    public const int SlotsPerDay = 12 * 4;

    /// <summary>The first hour the calendar shows, in the organization's time zone.</summary>
    public static readonly TimeOnly FirstHour = new(7, 0);

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

    private List<DateOnly> Days => SingleDay is { } day ? [day] : [.. Enumerable.Range(0, 7).Select(Monday.AddDays)];

    private DateTimeOffset Instant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }

    /// <summary>Sessions inside the shown days, clipped to the 7:00-19:00 grid; row 1 is the header.</summary>
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

            var firstSlot = Math.Clamp((int)(TimeOnly.FromDateTime(start) - FirstHour).TotalMinutes / 15, 0, SlotsPerDay - 1);
            var endMinutes = DateOnly.FromDateTime(end) > DateOnly.FromDateTime(start) ? 24 * 60 : (TimeOnly.FromDateTime(end) - FirstHour).TotalMinutes;
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
