using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>A CPT code billed in 15-minute units, with the credentials allowed to deliver it.</summary>
public sealed class ServiceCode
{
    public const string Assessment = "97151";
    public const string TreatmentByProtocol = "97153";
    public const string ProtocolModification = "97155";
    public const string FamilyGuidance = "97156";
    public const string MultiFamilyGroup = "97157";

    private ServiceCode()
    {
        Code = Description = string.Empty;
        AllowedCredentials = [];
    }

    public ServiceCode(string code, string description, IEnumerable<Credential> allowedCredentials)
    {
        Code = code;
        Description = description;
        AllowedCredentials = [.. allowedCredentials];
    }

    public string Code { get; private set; }

    public string Description { get; private set; }

    public List<Credential> AllowedCredentials { get; private set; }

    /// <summary>The five ABA codes: RBTs deliver treatment by protocol only; BCBAs and BCaBAs deliver all five.</summary>
    public static IReadOnlyList<ServiceCode> Catalog { get; } =
    [
        new(Assessment, "Behavior identification assessment", [Credential.BCBA, Credential.BCaBA]),
        new(TreatmentByProtocol, "Adaptive behavior treatment by protocol", [Credential.BCBA, Credential.BCaBA, Credential.RBT]),
        new(ProtocolModification, "Adaptive behavior treatment with protocol modification", [Credential.BCBA, Credential.BCaBA]),
        new(FamilyGuidance, "Family adaptive behavior treatment guidance", [Credential.BCBA, Credential.BCaBA]),
        new(MultiFamilyGroup, "Multiple-family group adaptive behavior treatment guidance", [Credential.BCBA, Credential.BCaBA]),
    ];

    public bool CanBeDeliveredBy(Credential credential) => AllowedCredentials.Contains(credential);
}
