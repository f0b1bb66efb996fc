namespace Omnirapeutic.Core.Organizations;

/// <summary>Wall-clock times at the organization's location, as instants.</summary>
public static class LocalClock
{
    /// <summary>A local wall-clock time as an instant; a time skipped by a spring-forward change moves an hour later.</summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>A minute of a local date (1440 is the next midnight) as an instant.</summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateOnly date, int minute) =>
        ToInstant(zone, date.ToDateTime(TimeOnly.MinValue).AddMinutes(minute));
}
