namespace Omnirapeutic.Core.Documentation;

/// <summary>A signed correction to a signed note: written and signed at once, never changed or removed.</summary>
public sealed class NoteAddendum
{
    private NoteAddendum()
    {
        Text = SignedByName = string.Empty;
    }

    internal NoteAddendum(Guid organizationId, Guid noteId, string text, Guid userId, string name, DateTimeOffset at, Guid? resolvesReturnId)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        NoteId = noteId;
        Text = NoteContent.Field(text, "text") ?? throw DomainException.Invalid("invalid-note", "An addendum says what it corrects.");
        SignedByUserId = userId;
        SignedByName = name;
        SignedAt = at.ToUniversalTime();
        ResolvesReturnId = resolvesReturnId;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid NoteId { get; private set; }

    public string Text { get; private set; }

    public DateTimeOffset SignedAt { get; private set; }

    public Guid SignedByUserId { get; private set; }

    public string SignedByName { get; private set; }

    /// <summary>The return (<see cref="SessionReturn"/>) this addendum answers: the session is then ready to verify again.</summary>
    public Guid? ResolvesReturnId { get; private set; }
}
