using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Availability;

/// <summary>From one instant to a later one.</summary>
public readonly record struct Interval(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;
}

/// <summary>
/// When one person can be booked: a weekly template of windows and, for a practitioner, dated time off. Someone with
/// neither has defined nothing, and nothing about them warns.
/// </summary>
public sealed class AvailabilityPlan(IReadOnlyList<WeeklyWindow> weekly, IReadOnlyList<Interval> timeOff)
{
    public static AvailabilityPlan None { get; } = new([], []);

    public IReadOnlyList<WeeklyWindow> Weekly { get; } = weekly;

    public IReadOnlyList<Interval> TimeOff { get; } = timeOff;

    public bool HasWeekly => Weekly.Count > 0;

    public bool IsDefined => HasWeekly || TimeOff.Count > 0;

    /// <summary>
    /// The windows of a local date in which the person can be booked: the weekly template's (or, without one,
    /// <paramref name="fallback"/>'s for that weekday, or the whole day when none is given), less any time off.
    /// </summary>
    public IReadOnlyList<WeeklyWindow> On(DateOnly date, TimeZoneInfo zone, IReadOnlyList<WeeklyWindow>? fallback = null)
    {
        var template = HasWeekly ? Weekly : fallback;
        var windows = template is null
            ? [new WeeklyWindow(date.DayOfWeek, 0, WeeklyWindow.MinutesPerDay)]
            : template.Where(w => w.Day == date.DayOfWeek).OrderBy(w => w.FromMinute).ToList();
        foreach (var off in TimeOff)
        {
            var (from, to) = (LocalClock.ToInstant(zone, date, 0), LocalClock.ToInstant(zone, date, WeeklyWindow.MinutesPerDay));
            if (!off.Overlaps(from, to))
            {
                continue;
            }

            var offFrom = off.Start <= from ? 0 : MinuteOf(off.Start, zone);
            var offTo = off.End >= to ? WeeklyWindow.MinutesPerDay : MinuteOf(off.End, zone);
            windows = [.. windows.SelectMany(w => Subtract(w, offFrom, offTo))];
        }

        return windows;
    }

    /// <summary>
    /// Whether [start, end) lies wholly inside the windows of its days (across midnight when one day's last window
    /// runs to 24:00 and the next day's first starts at 00:00), less time off.
    /// </summary>
    public bool Covers(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, IReadOnlyList<WeeklyWindow>? fallback = null)
    {
        var cursor = start;
        while (cursor < end)
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(cursor, zone).DateTime);
            var minute = MinuteOf(cursor, zone);
            var window = On(date, zone, fallback).Where(w => w.FromMinute <= minute && minute < w.ToMinute).Select(w => (WeeklyWindow?)w).FirstOrDefault();
            if (window is not { } found)
            {
                return false;
            }

            // In the hour a fall-back change repeats, the window's end can map to an instant before the cursor: then the
            // wall clock's minutes step it on instead, so it never goes back.
            var windowEnd = LocalClock.ToInstant(zone, date, found.ToMinute);
            cursor = windowEnd > cursor ? windowEnd : cursor.AddMinutes(found.ToMinute - minute);
        }

        return true;
    }

    /// <summary>The first time off that [start, end) falls in, if any.</summary>
    public Interval? TimeOffDuring(DateTimeOffset start, DateTimeOffset end) =>
        TimeOff.Where(off => off.Overlaps(start, end)).Select(off => (Interval?)off).FirstOrDefault();

    private static int MinuteOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return (local.Hour * 60) + local.Minute;
    }

    private static IEnumerable<WeeklyWindow> Subtract(WeeklyWindow window, int from, int to)
    {
        if (to <= window.FromMinute || from >= window.ToMinute)
        {
            yield return window;
            yield break;
        }

        if (from > window.FromMinute)
        {
            yield return window with { ToMinute = from };
        }

        if (to < window.ToMinute)
        {
            yield return window with { FromMinute = to };
        }
    }
}
