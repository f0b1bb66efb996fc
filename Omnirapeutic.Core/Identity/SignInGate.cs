namespace Omnirapeutic.Core.Identity;

/// <summary>Whether a sign-in attempt for an address may be checked now, and if not, for how long it may not.</summary>
public sealed record SignInGate(SignInGateState State, TimeSpan RetryAfter)
{
    public static SignInGate Open { get; } = new(SignInGateState.Open, TimeSpan.Zero);

    public static SignInGate Wait(TimeSpan retryAfter) => new(SignInGateState.Wait, retryAfter);

    public static SignInGate LockedOut(TimeSpan retryAfter) => new(SignInGateState.LockedOut, retryAfter);
}
