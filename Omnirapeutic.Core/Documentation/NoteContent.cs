namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// What a session note says: the goals worked on, how the client responded, the next steps, and a narrative. A draft
/// may leave any of them empty; a note is signed only with the goals and the narrative written.
/// </summary>
public sealed record NoteContent(string? GoalsAddressed, string? ClientResponse, string? NextSteps, string? Narrative)
{
    public const int MaxFieldLength = 4000;

    public static NoteContent Empty { get; } = new(null, null, null, null);

    /// <summary>The content as stored: each field trimmed, empty ones null, none longer than <see cref="MaxFieldLength"/>.</summary>
    public NoteContent Normalized() => new(
        Field(GoalsAddressed, "goalsAddressed"), Field(ClientResponse, "clientResponse"), Field(NextSteps, "nextSteps"), Field(Narrative, "narrative"));

    /// <summary>Refuses to sign a note that does not yet say what was worked on and what happened.</summary>
    public void RequireSignable()
    {
        if (GoalsAddressed is null || Narrative is null)
        {
            throw DomainException.Invalid("note-incomplete", "A note is signed with the goals addressed and the narrative written.");
        }
    }

    internal static string? Field(string? value, string name)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return trimmed.Length <= MaxFieldLength
            ? trimmed
            : throw DomainException.Invalid("invalid-note", $"{name} holds at most {MaxFieldLength} characters.");
    }
}
