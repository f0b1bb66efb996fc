namespace Omnirapeutic.Core.Patients;

/// <summary>A client of the clinic. Name, date of birth and member id are PHI: never log them.</summary>
public sealed class Patient
{
    private Patient()
    {
        FirstName = LastName = MemberId = string.Empty;
    }

    public Patient(Guid organizationId, string firstName, string lastName, DateOnly dateOfBirth, string memberId, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        FirstName = Require(firstName, "first name");
        LastName = Require(lastName, "last name");
        DateOfBirth = dateOfBirth;
        MemberId = Require(memberId, "member id");
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public DateOnly DateOfBirth { get; private set; }

    /// <summary>The payer's member id; unique within the organization.</summary>
    public string MemberId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string Name => $"{FirstName} {LastName}";

    private static string Require(string value, string what) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 200
            ? throw new DomainException("invalid-patient", $"A patient needs a {what} of at most 200 characters.")
            : value.Trim();
}
