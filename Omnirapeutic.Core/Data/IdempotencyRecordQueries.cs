using Microsoft.EntityFrameworkCore;

namespace Omnirapeutic.Core.Data;

internal static class IdempotencyRecordQueries
{
    /// <summary>
    /// The first answers already given to these keys (each its own user's), untracked. Expired records of the same
    /// keys are deleted in the caller's transaction, so such a key starts over as a new one.
    /// </summary>
    public static async Task<List<IdempotencyRecord>> FindAnswersAsync(
        this OmnirapeuticDbContext db, IReadOnlyCollection<IdempotencyKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = keys.Select(k => k.Key).Distinct().ToList();
        var users = keys.Select(k => k.UserId).Distinct().ToList();
        var candidates = db.IdempotencyRecords.Where(r => users.Contains(r.UserId) && names.Contains(r.Key));
        var found = (await candidates.AsNoTracking().ToListAsync(cancellationToken))
            .Where(r => keys.Any(k => k.UserId == r.UserId && k.Key == r.Key))
            .ToList();
        if (found.Any(r => r.IsExpired(now)))
        {
            await candidates.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        }

        return found.FindAll(r => !r.IsExpired(now));
    }
}
