using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Identity;

/// <summary>
/// Single-use refresh tokens (rotation, as OAuth 2.0 Security BCP recommends): each sign-in starts a family, each
/// refresh uses its token and issues the next, and a replayed token revokes the family so neither the thief nor the
/// client can go on refreshing. The bearer handler still protects and writes the tokens; this decides which are live.
/// </summary>
public sealed class RefreshTokenRotation(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The first token of a new sign-in's family.</summary>
    public async Task<Guid> StartAsync(Guid userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = IssuedRefreshToken.FirstOf(userId, time.GetUtcNow(), lifetime);
        db.RefreshTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return token.Id;
    }

    /// <summary>
    /// Uses <paramref name="tokenId"/> and issues its successor, in one transaction. The conditional update lets only
    /// one of two concurrent refreshes with the same token win; the other is a replay.
    /// </summary>
    public async Task<(RefreshOutcome Outcome, Guid Successor)> RotateAsync(Guid tokenId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var used = await db.RefreshTokens
            .Where(t => t.Id == tokenId && t.UsedAt == null && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), cancellationToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (used == 1 && token is not null)
        {
            var successor = token.Successor(now, lifetime);
            db.RefreshTokens.Add(successor);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (RefreshOutcome.Rotated, successor.Id);
        }

        if (token is { UsedAt: not null })
        {
            await db.RefreshTokens
                .Where(t => t.FamilyId == token.FamilyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (RefreshOutcome.Replayed, Guid.Empty);
        }

        return (RefreshOutcome.Invalid, Guid.Empty);
    }
}
