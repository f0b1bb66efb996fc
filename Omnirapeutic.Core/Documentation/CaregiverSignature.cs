namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// A caregiver's signature for a session, typed on the practitioner's device when the note is signed: their name and
/// relationship to the client (PHI: never logged). The time is the signing's.
/// </summary>
public sealed record CaregiverSignature(string? Name, string? Relationship)
{
    public const int MaxNameLength = 200;

    public const int MaxRelationshipLength = 100;

    /// <summary>Trimmed; refuses a missing or overlong name or relationship.</summary>
    public CaregiverSignature Normalized() => new(
        Require(Name, "name", MaxNameLength), Require(Relationship, "relationship to the client", MaxRelationshipLength));

    private static string Require(string? value, string what, int max) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > max
            ? throw DomainException.Invalid("invalid-caregiver-signature", $"A caregiver signs with their {what}, at most {max} characters.")
            : value.Trim();
}
