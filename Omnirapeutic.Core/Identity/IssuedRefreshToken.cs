namespace Omnirapeutic.Core.Identity;

/// <summary>
/// One refresh token handed to an API client. A token is redeemed once: refreshing marks it used and issues its
/// successor in the same family. Presenting a used token again means it was copied, so the whole family is revoked.
/// </summary>
public sealed class IssuedRefreshToken
{
    private IssuedRefreshToken()
    {
    }

    private IssuedRefreshToken(Guid familyId, Guid userId, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        Id = Guid.CreateVersion7();
        FamilyId = familyId;
        UserId = userId;
        IssuedAt = issuedAt.ToUniversalTime();
        ExpiresAt = IssuedAt + lifetime;
    }

    public Guid Id { get; private set; }

    /// <summary>Every token descended from one sign-in.</summary>
    public Guid FamilyId { get; private set; }

    public Guid UserId { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public static IssuedRefreshToken FirstOf(Guid userId, DateTimeOffset now, TimeSpan lifetime) => new(Guid.CreateVersion7(), userId, now, lifetime);

    public IssuedRefreshToken Successor(DateTimeOffset now, TimeSpan lifetime) => new(FamilyId, UserId, now, lifetime);
}
