using System.Globalization;

namespace Omnirapeutic.Core.Availability;

/// <summary>
/// A time of one weekday, from <see cref="FromMinute"/> to <see cref="ToMinute"/> minutes after local midnight
/// (24:00 is 1440): a practitioner's working hours, or when a client can be seen.
/// </summary>
public readonly record struct WeeklyWindow(DayOfWeek Day, int FromMinute, int ToMinute)
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>Most windows one person has in a week: a few a day is plenty.</summary>
    public const int MaxPerWeek = 28;

    public string From => Clock(FromMinute);

    public string To => Clock(ToMinute);

    public override string ToString() => $"{Day} {From}–{To}";

    /// <summary>A window from "HH:mm" to "HH:mm" ("24:00" ends a day), or a clear refusal.</summary>
    public static WeeklyWindow Parse(DayOfWeek day, string from, string to)
    {
        if (!Enum.IsDefined(day))
        {
            throw Invalid($"The days of the week are Sunday to Saturday, not {day}.");
        }

        var window = new WeeklyWindow(day, Minute(from), Minute(to));
        return window.FromMinute < window.ToMinute ? window : throw Invalid($"A window ends after it starts: {day} {from}–{to}.");
    }

    /// <summary>The windows in order, refused when there are too many or two of one day overlap.</summary>
    public static IReadOnlyList<WeeklyWindow> Validate(IEnumerable<WeeklyWindow> windows)
    {
        var ordered = windows.OrderBy(w => w.Day).ThenBy(w => w.FromMinute).ToList();
        if (ordered.Count > MaxPerWeek)
        {
            throw Invalid($"A week has at most {MaxPerWeek} windows.");
        }

        foreach (var window in ordered)
        {
            if (!Enum.IsDefined(window.Day) || window.FromMinute < 0 || window.ToMinute > MinutesPerDay || window.FromMinute >= window.ToMinute)
            {
                throw Invalid($"A window lies within one day and ends after it starts, not {window.Day} {window.FromMinute} to {window.ToMinute}.");
            }
        }

        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Day == ordered[i - 1].Day && ordered[i].FromMinute < ordered[i - 1].ToMinute)
            {
                throw Invalid($"Two windows overlap: {ordered[i - 1]} and {ordered[i]}.");
            }
        }

        return ordered;
    }

    public static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";

    /// <summary>"HH:mm" as minutes after midnight ("24:00" is 1440), or a clear refusal.</summary>
    public static int Minute(string clock)
    {
        if (clock == "24:00")
        {
            return MinutesPerDay;
        }

        return TimeOnly.TryParseExact(clock, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? (time.Hour * 60) + time.Minute
            : throw Invalid($"A time is HH:mm, 00:00 to 24:00, not \"{clock}\".");
    }

    private static DomainException Invalid(string message) => DomainException.Invalid("invalid-availability", message);
}
