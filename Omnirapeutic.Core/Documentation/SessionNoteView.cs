using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// A session's note as its reader sees it: the content (empty before the first draft), the signature and the
/// addenda, and whether this reader may write it (the rendering practitioner, while the session is completed) or add a
/// signed addendum (the rendering practitioner, once it is signed).
/// </summary>
public sealed record SessionNoteView(
    Guid AppointmentId,
    AppointmentStatus SessionStatus,
    Guid PractitionerId,
    bool MayWrite,
    bool MayAmend,
    string? GoalsAddressed,
    string? ClientResponse,
    string? NextSteps,
    string? Narrative,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? SignedAt,
    string? SignedBy,
    IReadOnlyList<AddendumView> Addenda);

public sealed record AddendumView(Guid Id, string Text, DateTimeOffset SignedAt, string SignedBy);

/// <summary>A completed session of the practitioner's whose note is not signed yet, oldest first; no PHI beyond initials.</summary>
public sealed record NoteToWrite(Guid AppointmentId, DateTimeOffset StartAt, DateTimeOffset EndAt, string PatientInitials, string ServiceCode, bool HasDraft);
