namespace Omnirapeutic.Core.Identity;

/// <summary>
/// Failed sign-ins for one email address, whether or not an account has it, keyed by a hash of the normalized
/// address so an unknown address is stored no more readably than a known one. Past the free failures every further
/// attempt waits twice as long as the one before; at the lockout threshold the address is locked out for a while.
/// </summary>
public sealed class SignInAttempts
{
    private SignInAttempts()
    {
        AccountKey = string.Empty;
    }

    public SignInAttempts(string accountKey)
    {
        AccountKey = accountKey;
    }

    public string AccountKey { get; private set; }

    public int Failures { get; private set; }

    public DateTimeOffset LastFailureAt { get; private set; }

    /// <summary>No attempt is checked before this instant.</summary>
    public DateTimeOffset? RetryAt { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public SignInGate Gate(DateTimeOffset now) =>
        LockedUntil > now ? SignInGate.LockedOut(LockedUntil.Value - now)
        : RetryAt > now ? SignInGate.Wait(RetryAt.Value - now)
        : SignInGate.Open;

    public SignInGate Fail(DateTimeOffset now, SignInThrottleOptions policy)
    {
        now = now.ToUniversalTime();
        if (Failures > 0 && now - LastFailureAt >= policy.LockoutDuration)
        {
            Failures = 0;
        }

        Failures++;
        LastFailureAt = now;
        LockedUntil = null;
        RetryAt = null;
        if (Failures >= policy.LockoutAfter)
        {
            LockedUntil = now + policy.LockoutDuration;
        }
        else if (Failures >= policy.FreeFailures)
        {
            var doublings = Math.Min(Failures - policy.FreeFailures, 30);
            RetryAt = now + TimeSpan.FromTicks(Math.Min(policy.MaxDelay.Ticks, policy.FirstDelay.Ticks * (1L << doublings)));
        }

        return Gate(now);
    }
}
