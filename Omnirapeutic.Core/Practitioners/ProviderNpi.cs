namespace Omnirapeutic.Core.Practitioners;

/// <summary>
/// The National Provider Identifier a claim names its providers by: ten digits, the last the Luhn check digit of the
/// prefix 80840 followed by the first nine (CMS's NPI check digit). The database checks the same with
/// <c>npi_is_valid</c> (migration ProviderIdentifiers).
/// </summary>
public static class ProviderNpi
{
    public const int Length = 10;

    /// <summary>The NPI as stored (digits only), null for none; anything else is refused as <c>invalid-npi</c>.</summary>
    public static string? Parse(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length != Length || !trimmed.All(char.IsAsciiDigit))
        {
            throw DomainException.Invalid("invalid-npi", "An NPI is 10 digits.");
        }

        var check = CheckDigit(trimmed.AsSpan(0, Length - 1));
        return trimmed[^1] - '0' == check
            ? trimmed
            : throw DomainException.Invalid("invalid-npi", $"{trimmed} is not an NPI: its last digit would be {check}. Check it for a typo.");
    }

    /// <summary>The check digit of nine digits: Luhn over 80840 and them, doubling every second digit from the right.</summary>
    internal static int CheckDigit(ReadOnlySpan<char> firstNine)
    {
        Span<char> digits = stackalloc char[14];
        "80840".AsSpan().CopyTo(digits);
        firstNine.CopyTo(digits[5..]);
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            var doubled = i % 2 == 0 ? digit * 2 : digit;
            sum += doubled / 10 + doubled % 10;
        }

        return (10 - sum % 10) % 10;
    }
}
