using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Data;

/// <summary>Deletes what has outlived its purpose: idempotency records past their day, expired refresh tokens, forgotten sign-in failures.</summary>
public sealed class ExpiredRecords(IDbContextFactory<OmnirapeuticDbContext> dbFactory, IOptions<SignInThrottleOptions> signIn, TimeProvider time)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var forgotten = now - signIn.Value.LockoutDuration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var purged = await db.IdempotencyRecords.IgnoreQueryFilters().Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        purged += await db.RefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        purged += await db.SignInAttempts
            .Where(a => a.LastFailureAt <= forgotten && (a.LockedUntil == null || a.LockedUntil <= now))
            .ExecuteDeleteAsync(cancellationToken);
        return purged;
    }
}
