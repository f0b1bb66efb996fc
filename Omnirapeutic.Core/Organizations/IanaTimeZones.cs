namespace Omnirapeutic.Core.Organizations;

/// <summary>The IANA time zones this machine knows, the only ones an organization may be set to.</summary>
public static class IanaTimeZones
{
    private static readonly Lazy<IReadOnlyList<string>> Ids = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal)]);

    public static IReadOnlyList<string> All => Ids.Value;

    /// <summary>Zones whose id contains <paramref name="text"/> (ignoring case), all of them for empty text.</summary>
    public static IEnumerable<string> Search(string? text) =>
        string.IsNullOrWhiteSpace(text) ? All : All.Where(id => id.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
}
