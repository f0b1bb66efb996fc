using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// The contract's forms: an instant is ISO 8601 with an offset (<c>Z</c> or <c>±hh:mm</c>), a date is <c>yyyy-MM-dd</c>.
/// A time without an offset would be read as UTC, hours away from what the clinic meant, so it is refused rather than guessed.
/// </summary>
internal static partial class IsoFormats
{
    public const string InstantRule = "an ISO 8601 date and time with an offset, such as 2026-12-10T10:00:00-05:00 or 2026-12-10T15:00:00Z";

    public const string DateRule = "a date as yyyy-MM-dd, such as 2026-12-10";

    public static bool TryParseInstant(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is not null
            && InstantShape().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    public static bool TryParseDate([NotNullWhen(true)] string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantShape();
}
