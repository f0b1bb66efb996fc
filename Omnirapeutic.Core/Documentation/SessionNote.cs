namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// The rendering practitioner's note of a completed session. A draft is edited freely; once signed (an attestation:
/// who and when, after re-entering their password) it is read-only, in the database too, and a correction is a
/// signed addendum. Where the payer asks, a caregiver signs for the session at the same time.
/// </summary>
public sealed class SessionNote
{
    internal const string SignedMessage = "The note is signed and read-only; add a signed addendum to correct it.";

    private SessionNote()
    {
    }

    public SessionNote(Guid organizationId, Guid appointmentId, Guid practitionerId, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        AppointmentId = appointmentId;
        PractitionerId = practitionerId;
        CreatedAt = UpdatedAt = at.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid AppointmentId { get; private set; }

    /// <summary>The session's rendering practitioner, who alone writes and signs it.</summary>
    public Guid PractitionerId { get; private set; }

    public string? GoalsAddressed { get; private set; }

    public string? ClientResponse { get; private set; }

    public string? NextSteps { get; private set; }

    public string? Narrative { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? SignedAt { get; private set; }

    public Guid? SignedByUserId { get; private set; }

    /// <summary>The signer's name as it read when they signed: the attestation does not change when the user is renamed.</summary>
    public string? SignedByName { get; private set; }

    /// <summary>The caregiver who signed for the session with the note, where one did (PHI).</summary>
    public string? CaregiverName { get; private set; }

    public string? CaregiverRelationship { get; private set; }

    public DateTimeOffset? CaregiverSignedAt { get; private set; }

    public List<NoteAddendum> Addenda { get; private set; } = [];

    public bool IsSigned => SignedAt is not null;

    public NoteContent Content => new(GoalsAddressed, ClientResponse, NextSteps, Narrative);

    public void Edit(NoteContent content, DateTimeOffset at)
    {
        RequireDraft();
        var normalized = content.Normalized();
        GoalsAddressed = normalized.GoalsAddressed;
        ClientResponse = normalized.ClientResponse;
        NextSteps = normalized.NextSteps;
        Narrative = normalized.Narrative;
        UpdatedAt = at.ToUniversalTime();
    }

    /// <summary>Signs the note, with the caregiver's signature taken at the same time where one is given.</summary>
    public void Sign(Guid userId, string name, DateTimeOffset at, CaregiverSignature? caregiver = null)
    {
        RequireDraft();
        Content.RequireSignable();
        var signature = caregiver?.Normalized();
        SignedAt = UpdatedAt = at.ToUniversalTime();
        SignedByUserId = userId;
        SignedByName = name;
        (CaregiverName, CaregiverRelationship, CaregiverSignedAt) = (signature?.Name, signature?.Relationship, signature is null ? null : SignedAt);
    }

    public NoteAddendum AddAddendum(string text, Guid userId, string name, DateTimeOffset at, Guid? resolvesReturnId = null)
    {
        if (!IsSigned)
        {
            throw DomainException.Conflict("note-not-signed", "A draft is corrected by editing it; an addendum follows a signed note.");
        }

        var addendum = new NoteAddendum(OrganizationId, Id, text, userId, name, at, resolvesReturnId);
        Addenda.Add(addendum);
        return addendum;
    }

    /// <summary>Refuses any change to a signed note, before any other check speaks of the session.</summary>
    public void RequireDraft()
    {
        if (IsSigned)
        {
            throw DomainException.Conflict("note-signed", SignedMessage);
        }
    }
}
