namespace Omnirapeutic.Core.Organizations;

/// <summary>The billing provider's federal tax id (an EIN) on a claim: nine digits, written 12-3456789.</summary>
public static class FederalTaxId
{
    /// <summary>The tax id as stored (nine digits), null for none; <c>invalid-tax-id</c> otherwise.</summary>
    public static string? Parse(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var digits = trimmed.Length == 10 && trimmed[2] == '-' ? string.Concat(trimmed.AsSpan(0, 2), trimmed.AsSpan(3)) : trimmed;
        return digits.Length == 9 && digits.All(char.IsAsciiDigit)
            ? digits
            : throw DomainException.Invalid("invalid-tax-id", "A tax id (EIN) is nine digits, written 12-3456789.");
    }

    public static string Format(string digits) => $"{digits[..2]}-{digits[2..]}";
}
