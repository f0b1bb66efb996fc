using System.Text.RegularExpressions;

namespace Omnirapeutic.Core.Patients;

/// <summary>Who holds the policy a client's sessions are billed to, as a claim names them.</summary>
public enum SubscriberRelationship
{
    /// <summary>The client is the subscriber.</summary>
    Self,

    /// <summary>A parent holds the policy; the client is their child.</summary>
    Parent,

    /// <summary>A legal guardian holds the policy.</summary>
    Guardian,

    Other,
}

/// <summary>
/// What a claim needs of a client beyond their details: the diagnosis codes (ICD-10-CM, the first the primary one each
/// line points to) and the subscriber of the policy with the member id. The subscriber's name is PHI: never log it.
/// </summary>
public sealed record PatientBilling(
    IReadOnlyList<string> DiagnosisCodes,
    SubscriberRelationship SubscriberRelationship = SubscriberRelationship.Self,
    string? SubscriberFirstName = null,
    string? SubscriberLastName = null)
{
    public static readonly PatientBilling None = new([]);

    /// <summary>The subscriber's full name; none when the client is the subscriber.</summary>
    public string? SubscriberName => SubscriberRelationship == SubscriberRelationship.Self ? null : $"{SubscriberFirstName} {SubscriberLastName}";
}

/// <summary>ICD-10-CM diagnosis codes as a claim carries them: a letter, a digit, a character, then up to four after a dot.</summary>
public static partial class DiagnosisCode
{
    /// <summary>An 837P claim carries at most twelve diagnosis codes.</summary>
    public const int MaxCodes = 12;

    /// <summary>The format, as the database checks it too (U is reserved by the WHO and not used in ICD-10-CM).</summary>
    public const string Pattern = @"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$";

    /// <summary>The codes upper-cased with their dot (F840 reads F84.0), in order, each once; refuses a malformed one.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string>? codes)
    {
        var normalized = new List<string>();
        foreach (var raw in codes ?? [])
        {
            var code = (raw ?? string.Empty).Trim().ToUpperInvariant();
            if (code.Length > 3 && code[3] != '.')
            {
                code = $"{code[..3]}.{code[3..]}";
            }

            if (!Format().IsMatch(code))
            {
                throw DomainException.Invalid("invalid-diagnosis-code", $"'{raw}' is not an ICD-10-CM code such as F84.0.");
            }

            if (!normalized.Contains(code))
            {
                normalized.Add(code);
            }
        }

        return normalized.Count > MaxCodes
            ? throw DomainException.Invalid("invalid-diagnosis-code", $"A client has at most {MaxCodes} diagnosis codes, as a claim carries.")
            : normalized;
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
