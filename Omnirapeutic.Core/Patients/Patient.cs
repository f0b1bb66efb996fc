using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Patients;

/// <summary>A client of the clinic. Name, date of birth and member id are PHI: never log them.</summary>
public sealed class Patient
{
    private Patient()
    {
        FirstName = LastName = MemberId = string.Empty;
    }

    /// <param name="createdAt">When the patient is registered; its date, at its own offset, is the latest possible date of birth.</param>
    /// <param name="usualPlace">Where the patient's sessions are delivered unless a booking says otherwise.</param>
    public Patient(Guid organizationId, string firstName, string lastName, DateOnly dateOfBirth, string memberId, DateTimeOffset createdAt, PlaceOfService? usualPlace = null)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        FirstName = Require(firstName, "first name");
        LastName = Require(lastName, "last name");
        DateOfBirth = RequireDateOfBirth(dateOfBirth, DateOnly.FromDateTime(createdAt.DateTime));
        MemberId = Require(memberId, "member id");
        UsualPlaceOfService = (usualPlace ?? PlaceOfService.Of(PlaceOfService.Office)).Code;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public DateOnly DateOfBirth { get; private set; }

    /// <summary>The payer's member id; unique within the organization.</summary>
    public string MemberId { get; private set; }

    /// <summary>The place-of-service code a booking gets when it names none.</summary>
    public string UsualPlaceOfService { get; private set; } = PlaceOfService.Office;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The BCBA who oversees the client's program and verifies their sessions; set by an admin.</summary>
    public Guid? CaseSupervisorId { get; private set; }

    /// <summary>ICD-10-CM codes, the primary first: what every claim line of the client points to.</summary>
    public List<string> DiagnosisCodes { get; private set; } = [];

    public SubscriberRelationship SubscriberRelationship { get; private set; }

    /// <summary>The policy holder's first name when it is not the client (PHI).</summary>
    public string? SubscriberFirstName { get; private set; }

    public string? SubscriberLastName { get; private set; }

    public PatientBilling Billing => new(DiagnosisCodes, SubscriberRelationship, SubscriberFirstName, SubscriberLastName);

    public string Name => $"{FirstName} {LastName}";

    /// <summary>How lists that must not show PHI name a patient: "A.B.".</summary>
    public static string InitialsOf(string firstName, string lastName) => $"{firstName[..1]}.{lastName[..1]}.";

    /// <summary>
    /// Corrects the patient's details; <paramref name="today"/> is the organization's date. Returns the names of
    /// the fields that changed (for the audit trail, which never holds the values).
    /// </summary>
    public IReadOnlyList<string> ChangeDetails(string firstName, string lastName, DateOnly dateOfBirth, string memberId, PlaceOfService usualPlace, DateOnly today)
    {
        var first = Require(firstName, "first name");
        var last = Require(lastName, "last name");
        var born = RequireDateOfBirth(dateOfBirth, today);
        var member = Require(memberId, "member id");
        var changed = new List<string>();
        if (first != FirstName)
        {
            changed.Add("firstName");
        }

        if (last != LastName)
        {
            changed.Add("lastName");
        }

        if (born != DateOfBirth)
        {
            changed.Add("dateOfBirth");
        }

        if (member != MemberId)
        {
            changed.Add("memberId");
        }

        if (usualPlace.Code != UsualPlaceOfService)
        {
            changed.Add("usualPlaceOfService");
        }

        (FirstName, LastName, DateOfBirth, MemberId, UsualPlaceOfService) = (first, last, born, member, usualPlace.Code);
        return changed;
    }

    /// <summary>Assigns (or with none, clears) the case supervisor; the caller has checked they are an active BCBA.</summary>
    public bool AssignCaseSupervisor(Guid? practitionerId)
    {
        var changed = practitionerId != CaseSupervisorId;
        CaseSupervisorId = practitionerId;
        return changed;
    }

    /// <summary>
    /// Replaces the diagnosis codes and the subscriber, each checked before any is applied. Returns the names of the
    /// fields that changed, never their values.
    /// </summary>
    public IReadOnlyList<string> ChangeBilling(PatientBilling billing)
    {
        var codes = DiagnosisCode.Normalize(billing.DiagnosisCodes);
        if (!Enum.IsDefined(billing.SubscriberRelationship))
        {
            throw DomainException.Invalid("invalid-subscriber", "The subscriber is the client (Self), a Parent, a Guardian or Other.");
        }

        var self = billing.SubscriberRelationship == SubscriberRelationship.Self;
        var first = self ? null : RequireSubscriber(billing.SubscriberFirstName, "first name");
        var last = self ? null : RequireSubscriber(billing.SubscriberLastName, "last name");
        var changed = new List<string>();
        if (!codes.SequenceEqual(DiagnosisCodes))
        {
            changed.Add("diagnosisCodes");
        }

        if (billing.SubscriberRelationship != SubscriberRelationship || first != SubscriberFirstName || last != SubscriberLastName)
        {
            changed.Add("subscriber");
        }

        (DiagnosisCodes, SubscriberRelationship, SubscriberFirstName, SubscriberLastName) = ([.. codes], billing.SubscriberRelationship, first, last);
        return changed;
    }

    private static string RequireSubscriber(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > 200
            ? throw DomainException.Invalid("invalid-subscriber", $"A subscriber other than the client needs a {what} of at most 200 characters.")
            : value.Trim();

    private static string Require(string value, string what) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 200
            ? throw new DomainException("invalid-patient", $"A patient needs a {what} of at most 200 characters.")
            : value.Trim();

    private static DateOnly RequireDateOfBirth(DateOnly dateOfBirth, DateOnly today) =>
        dateOfBirth > today || dateOfBirth < today.AddYears(-130)
            ? throw new DomainException("invalid-date-of-birth", "A patient's date of birth must be a past date within the last 130 years.")
            : dateOfBirth;
}
