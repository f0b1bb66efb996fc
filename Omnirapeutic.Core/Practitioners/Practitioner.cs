namespace Omnirapeutic.Core.Practitioners;

/// <summary>A clinician's profile, linked to the user who signs in as them.</summary>
public sealed class Practitioner
{
    private Practitioner()
    {
        FirstName = LastName = Email = string.Empty;
    }

    public Practitioner(Guid organizationId, Guid? userId, string firstName, string lastName, string email, Credential credential)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        UserId = userId;
        FirstName = Require(firstName, "first name");
        LastName = Require(lastName, "last name");
        Email = Require(email, "email");
        Credential = credential;
        IsActive = true;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid? UserId { get; private set; }

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public string Email { get; private set; }

    public Credential Credential { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>The practitioner's own NPI, as a claim's rendering provider (<see cref="ProviderNpi"/>).</summary>
    public string? Npi { get; private set; }

    /// <summary>An RBT's supervising BCBA or BCaBA, whom the BACB's monthly supervision is counted against.</summary>
    public Guid? SupervisorId { get; private set; }

    /// <summary>The last day the practitioner's certification holds; no session is booked after it.</summary>
    public DateOnly? CredentialExpiresOn { get; private set; }

    public string Name => $"{FirstName} {LastName}";

    /// <summary>Sets or (with none) clears the NPI; one that fails its check digit is refused.</summary>
    public void ChangeNpi(string? npi) => Npi = ProviderNpi.Parse(npi);

    /// <summary>Assigns (or, with none, clears) an RBT's supervisor: an active BCBA or BCaBA of the organization.</summary>
    public void AssignSupervisor(Practitioner? supervisor)
    {
        if (supervisor is not null)
        {
            if (Credential != Credential.RBT)
            {
                throw DomainException.Invalid("supervisor-not-for-credential", $"Only an RBT has a supervisor; {Name} is a {Credential}.");
            }

            if (!supervisor.Credential.CanSupervise() || !supervisor.IsActive || supervisor.OrganizationId != OrganizationId)
            {
                throw SupervisorNotAnalyst();
            }
        }

        SupervisorId = supervisor?.Id;
    }

    public void ChangeCredentialExpiry(DateOnly? expiresOn) => CredentialExpiresOn = expiresOn;

    internal static DomainException SupervisorNotAnalyst() =>
        DomainException.Invalid("supervisor-not-analyst", "An RBT's supervisor is an active BCBA or BCaBA of the organization.");

    private static string Require(string value, string what) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 200
            ? throw new DomainException("invalid-practitioner", $"A practitioner needs a {what} of at most 200 characters.")
            : value.Trim();
}
