namespace Omnirapeutic.Core.Identity;

/// <summary>What presenting a refresh token came to.</summary>
public enum RefreshOutcome
{
    /// <summary>The token was live: it is now used and its successor issued.</summary>
    Rotated,

    /// <summary>Unknown, expired or revoked: nothing changed.</summary>
    Invalid,

    /// <summary>Already used once: a copy is in other hands, so its family is now revoked.</summary>
    Replayed,
}
