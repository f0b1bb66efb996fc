using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Payers;

/// <summary>
/// Who pays an authorization, and the rules it pays by: how minutes round into units, which two service codes may
/// run at once for one patient, whether telehealth is paid, the day its weeks start, its fee per unit, the share of
/// an RBT's direct hours it wants supervised, the modifier each credential puts on a claim line, how long after a
/// session it takes the claim and whether a caregiver signs for each session. Every
/// authorization belongs to one payer; one payer per organization is its default.
/// </summary>
public sealed class Payer
{
    /// <summary>The BACB's minimum: supervision of at least 5 % of an RBT's direct service hours each month.</summary>
    public const decimal MinimumSupervisionPercent = 5m;

    /// <summary>The pair commercial plans pay at once: a BCBA's 97155 directing the technician's 97153 live.</summary>
    public static readonly IReadOnlyList<CodePair> DefaultConcurrentCodes = [new(ServiceCode.ProtocolModification, ServiceCode.TreatmentByProtocol)];

    /// <summary>Days before an authorization ends that its renewal is due: 60, as practice guides advise for payers that take weeks to answer.</summary>
    public const int DefaultRenewalLeadDays = 60;

    /// <summary>Days after the date of service a claim must reach the payer by: 90, the window of many commercial plans.</summary>
    public const int DefaultTimelyFilingDays = 90;

    /// <summary>The longest timely-filing window a payer is given here: two years.</summary>
    public const int MaxTimelyFilingDays = 730;

    /// <summary>The HCPCS level-of-training modifiers: below a bachelor's degree, bachelor's, master's.</summary>
    public static readonly IReadOnlyList<string> CredentialModifierCodes = ["HM", "HN", "HO"];

    /// <summary>How most payers map the three credentials: RBT HM, BCaBA HN, BCBA HO.</summary>
    public static readonly IReadOnlyDictionary<Credential, string> DefaultCredentialModifiers = new Dictionary<Credential, string>
    {
        [Credential.RBT] = "HM",
        [Credential.BCaBA] = "HN",
        [Credential.BCBA] = "HO",
    };

    private List<string> _concurrentCodes = [];
    private Dictionary<string, decimal> _fees = [];
    private Dictionary<string, string> _credentialModifiers = [];

    private Payer()
    {
        Name = string.Empty;
    }

    public Payer(Guid organizationId, PayerTerms terms, bool isDefault)
    {
        Name = string.Empty;
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        IsDefault = isDefault;
        Change(terms);
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; }

    /// <summary>How a session's minutes become units on this payer's authorizations; sessions keep the rule they were booked under.</summary>
    public UnitRoundingRule RoundingRule { get; private set; }

    public bool AllowsTelehealth { get; private set; }

    /// <summary>The first day of the week its weekly limits count from.</summary>
    public DayOfWeek WeekStartsOn { get; private set; }

    public decimal SupervisionPercent { get; private set; }

    /// <summary>How many days before an authorization of this payer ends the clinic should ask for its renewal.</summary>
    public int RenewalLeadDays { get; private set; } = DefaultRenewalLeadDays;

    /// <summary>
    /// Whether an RBT's sessions are billed under the client's case supervisor: the claim line's rendering provider is
    /// the BCBA (their NPI), and the RBT needs none. Otherwise the rendering practitioner's own NPI is on the line.
    /// </summary>
    public bool BillsUnderSupervisor { get; private set; }

    /// <summary>How many days after the date of service the payer accepts a claim (its timely-filing limit).</summary>
    public int TimelyFilingDays { get; private set; } = DefaultTimelyFilingDays;

    /// <summary>Whether a session is documented only once a caregiver has signed for it too, on the practitioner's device.</summary>
    public bool RequiresCaregiverSignature { get; private set; }

    /// <summary>Authorizations created without a payer get this one.</summary>
    public bool IsDefault { get; private set; }

    /// <summary>The code pairs that may overlap for one patient, each stored as <c>97155+97153</c>.</summary>
    public IReadOnlyList<CodePair> ConcurrentCodes => _concurrentCodes.Select(CodePair.Parse).ToList();

    /// <summary>The fee per unit of each service code it pays.</summary>
    public IReadOnlyDictionary<string, decimal> Fees => _fees;

    /// <summary>The modifier a claim line of each credential carries; a credential left out carries none.</summary>
    public IReadOnlyDictionary<Credential, string> CredentialModifiers =>
        _credentialModifiers.ToDictionary(m => Enum.Parse<Credential>(m.Key), m => m.Value);

    /// <summary>
    /// The modifiers of a session this payer pays: the rendering practitioner's credential as the payer maps it, then
    /// <c>95</c> when it is delivered by telehealth.
    /// </summary>
    public IReadOnlyList<string> ModifiersFor(Credential credential, PlaceOfService place)
    {
        var modifiers = new List<string>(2);
        if (_credentialModifiers.GetValueOrDefault(credential.ToString()) is { } level)
        {
            modifiers.Add(level);
        }

        if (place.IsTelehealth)
        {
            modifiers.Add(PlaceOfService.TelehealthModifier);
        }

        return modifiers;
    }

    /// <summary>Whether a session of <paramref name="code"/> and one of <paramref name="other"/> may overlap for one patient, in either order.</summary>
    public bool AllowsOverlap(string code, string other) => _concurrentCodes.Contains(new CodePair(code, other).ToString()) || _concurrentCodes.Contains(new CodePair(other, code).ToString());

    /// <summary>Replaces every term; each is checked before any is applied.</summary>
    public void Change(PayerTerms terms)
    {
        var name = terms.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw DomainException.Invalid("invalid-payer", "A payer needs a name of at most 200 characters.");
        }

        if (!Enum.IsDefined(terms.RoundingRule))
        {
            throw DomainException.Invalid("invalid-rounding-rule", "The rounding rule must be Midpoint, Cms8Minute or Full15.");
        }

        if (!Enum.IsDefined(terms.WeekStartsOn))
        {
            throw DomainException.Invalid("invalid-payer", "A week starts on a day from Sunday to Saturday.");
        }

        if (terms.SupervisionPercent is < MinimumSupervisionPercent or > 100)
        {
            throw DomainException.Invalid("invalid-payer", $"The supervision share is {MinimumSupervisionPercent} to 100 percent of an RBT's direct hours, not {terms.SupervisionPercent}.");
        }

        var pairs = terms.ConcurrentCodes ?? [];
        foreach (var pair in pairs)
        {
            RequireCode(pair.Code);
            RequireCode(pair.Over);
            if (pair.Code == pair.Over)
            {
                throw DomainException.Invalid("invalid-payer", $"A code pair names two different codes, not {pair.Code} twice.");
            }
        }

        var fees = terms.Fees ?? new Dictionary<string, decimal>();
        foreach (var (code, fee) in fees)
        {
            RequireCode(code);
            if (fee is < 0 or > 10_000 || decimal.Round(fee, 2) != fee)
            {
                throw DomainException.Invalid("invalid-payer", $"The fee per unit of {code} is from 0 to 10,000 in whole cents, not {fee}.");
            }
        }

        if (terms.RenewalLeadDays is < 0 or > 365)
        {
            throw DomainException.Invalid("invalid-payer", $"A renewal is due 0 to 365 days before an authorization ends, not {terms.RenewalLeadDays}.");
        }

        if (terms.TimelyFilingDays is < 1 or > MaxTimelyFilingDays)
        {
            throw DomainException.Invalid("invalid-payer", $"A payer accepts claims 1 to {MaxTimelyFilingDays} days after the date of service, not {terms.TimelyFilingDays}.");
        }

        var modifiers = terms.CredentialModifiers ?? DefaultCredentialModifiers;
        foreach (var (credential, modifier) in modifiers)
        {
            if (!Enum.IsDefined(credential))
            {
                throw DomainException.Invalid("invalid-payer", "Modifiers are mapped from the credentials BCBA, BCaBA and RBT.");
            }

            if (!CredentialModifierCodes.Contains(modifier))
            {
                throw DomainException.Invalid("invalid-payer", $"A credential's modifier is HM, HN or HO, not '{modifier}'.");
            }
        }

        Name = name;
        RoundingRule = terms.RoundingRule;
        AllowsTelehealth = terms.AllowsTelehealth;
        WeekStartsOn = terms.WeekStartsOn;
        SupervisionPercent = terms.SupervisionPercent;
        RenewalLeadDays = terms.RenewalLeadDays;
        BillsUnderSupervisor = terms.BillsUnderSupervisor;
        TimelyFilingDays = terms.TimelyFilingDays;
        RequiresCaregiverSignature = terms.RequiresCaregiverSignature;
        _concurrentCodes = pairs.Select(p => p.ToString()).Distinct().ToList();
        _fees = fees.ToDictionary(f => f.Key, f => f.Value);
        _credentialModifiers = modifiers.ToDictionary(m => m.Key.ToString(), m => m.Value);
    }

    private static void RequireCode(string? code)
    {
        if (!ServiceCode.Catalog.Any(c => c.Code == code))
        {
            throw DomainException.Invalid("invalid-service-code", $"'{code}' is not one of the service codes 97151, 97153, 97155, 97156, 97157.");
        }
    }
}
