namespace Omnirapeutic.Core.Organizations;

/// <summary>A clinic: the tenant every row of clinical data belongs to.</summary>
public sealed class Organization
{
    public const int DefaultLowBalanceThresholdPercent = 20;
    public const int DefaultExpiryAlertDays = 30;

    private Organization()
    {
        Name = TimeZoneId = string.Empty;
    }

    public Organization(string name, string timeZoneId, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        Name = RequireName(name);
        TimeZoneId = RequireTimeZone(timeZoneId);
        RoundingRule = UnitRoundingRule.Midpoint;
        LowBalanceThresholdPercent = DefaultLowBalanceThresholdPercent;
        ExpiryAlertDays = DefaultExpiryAlertDays;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>IANA time zone id, e.g. <c>America/New_York</c>; schedules are shown and repeated in it.</summary>
    public string TimeZoneId { get; private set; }

    public UnitRoundingRule RoundingRule { get; private set; }

    /// <summary>An authorization with this share of its units or less available raises a low-balance alert.</summary>
    public int LowBalanceThresholdPercent { get; private set; }

    /// <summary>An authorization ending within this many days raises an expiry alert.</summary>
    public int ExpiryAlertDays { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    private static string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 200
            ? throw new DomainException("invalid-name", "An organization needs a name of at most 200 characters.")
            : name.Trim();

    private static string RequireTimeZone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) && zone.HasIanaId
            ? timeZoneId
            : throw new DomainException("invalid-time-zone", $"'{timeZoneId}' is not an IANA time zone.");
}
