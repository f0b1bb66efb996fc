using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Identity;

/// <summary>
/// Throttles sign-in attempts per email address in the database, so every node counts the same failures, and
/// answers an address without an account exactly as one with an account: a stranger learns nothing from it.
/// </summary>
public sealed class SignInThrottle(
    IDbContextFactory<OmnirapeuticDbContext> dbFactory,
    IOptions<SignInThrottleOptions> options,
    TimeProvider time)
{
    public SignInThrottleOptions Policy => options.Value;

    public async Task<SignInGate> CheckAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = AccountKey(email);
        var attempts = await db.SignInAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.AccountKey == key, cancellationToken);
        return attempts?.Gate(time.GetUtcNow()) ?? SignInGate.Open;
    }

    /// <summary>Counts a failure (row-locked, so concurrent failures each count) and answers the gate it leaves.</summary>
    public async Task<SignInGate> FailedAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = AccountKey(email);
        await db.Database.ExecuteSqlAsync($"INSERT INTO sign_in_attempts (account_key, failures, last_failure_at) VALUES ({key}, 0, {time.GetUtcNow()}) ON CONFLICT DO NOTHING", cancellationToken);
        var attempts = await db.SignInAttempts
            .FromSql($"SELECT * FROM sign_in_attempts WHERE account_key = {key} FOR UPDATE")
            .SingleAsync(cancellationToken);
        var gate = attempts.Fail(time.GetUtcNow(), options.Value);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return gate;
    }

    /// <summary>Forgets the address's failures: it signed in, or an admin unlocked its account.</summary>
    public async Task ClearAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = AccountKey(email);
        await db.SignInAttempts.Where(a => a.AccountKey == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Upper-invariant, as Identity's default normalizer compares emails.</summary>
    private static string AccountKey(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));
}
