namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// Where a session is delivered, as the CMS place-of-service code every claim line carries. The two telehealth codes
/// add the <c>95</c> modifier, and a payer that does not pay telehealth refuses them.
/// </summary>
public sealed record PlaceOfService(string Code, string Name, bool IsTelehealth)
{
    public const string Office = "11";
    public const string Home = "12";
    public const string School = "03";
    public const string Telehealth = "02";
    public const string TelehealthAtHome = "10";

    /// <summary>The modifier of a session delivered by telehealth (synchronous audio and video).</summary>
    public const string TelehealthModifier = "95";

    public static IReadOnlyList<PlaceOfService> Catalog { get; } =
    [
        new(Office, "Office", false),
        new(Home, "Home", false),
        new(School, "School", false),
        new(Telehealth, "Telehealth", true),
        new(TelehealthAtHome, "Telehealth at home", true),
    ];

    /// <summary>The place a code names; anything else is refused with the codes there are.</summary>
    public static PlaceOfService Of(string? code) =>
        Catalog.FirstOrDefault(p => p.Code == code)
        ?? throw DomainException.Invalid("invalid-place-of-service", $"'{code}' is not a place of service: 11 office, 12 home, 03 school, 02 telehealth or 10 telehealth at home.");

    /// <summary>A claim line's place and modifiers as the dialogs show them: <c>Place of service 12 Home · modifiers HM</c>.</summary>
    public static string ClaimLine(string code, IReadOnlyList<string> modifiers) =>
        $"Place of service {Of(code)} · modifiers {(modifiers.Count == 0 ? "none" : string.Join(" ", modifiers))}";

    public override string ToString() => $"{Code} {Name}";
}
