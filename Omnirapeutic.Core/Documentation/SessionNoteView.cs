using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// A session's note as its reader sees it: the content (empty before the first draft), the signature, the addenda,
/// the times it was sent back and its verification, and what this reader may do: write it (the rendering
/// practitioner, while the session is completed), add a signed addendum (the rendering practitioner, once signed),
/// verify it or send it back (an admin or the client's case supervisor, never on their own session). Where the payer
/// requires it, the note is signed with a caregiver's signature too.
/// </summary>
public sealed record SessionNoteView(
    Guid AppointmentId,
    AppointmentStatus SessionStatus,
    Guid PractitionerId,
    bool MayWrite,
    bool MayAmend,
    bool MayVerify,
    bool MaySendBack,
    bool AwaitingCorrection,
    string? GoalsAddressed,
    string? ClientResponse,
    string? NextSteps,
    string? Narrative,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? SignedAt,
    string? SignedBy,
    bool CaregiverSignatureRequired,
    string? CaregiverName,
    string? CaregiverRelationship,
    DateTimeOffset? CaregiverSignedAt,
    IReadOnlyList<AddendumView> Addenda,
    IReadOnlyList<ReturnView> Returns,
    DateTimeOffset? VerifiedAt,
    string? VerifiedBy);

public sealed record AddendumView(Guid Id, string Text, DateTimeOffset SignedAt, string SignedBy);

public sealed record ReturnView(Guid Id, string Reason, DateTimeOffset ReturnedAt, string ReturnedBy);

/// <summary>
/// A session of the practitioner's whose note is due: completed and not signed, or sent back and waiting for an
/// addendum (with the reviewer's reason). Oldest first; no PHI beyond initials.
/// </summary>
public sealed record NoteToWrite(Guid AppointmentId, DateTimeOffset StartAt, DateTimeOffset EndAt, string PatientInitials, string ServiceCode, bool HasDraft, string? ReturnReason = null);

/// <summary>A documented session the reader may verify: oldest first; no PHI beyond initials.</summary>
public sealed record SessionToVerify(
    Guid AppointmentId, DateTimeOffset StartAt, DateTimeOffset EndAt, string PatientInitials, string ServiceCode, string PractitionerName, DateTimeOffset SignedAt);
