namespace Omnirapeutic.Core.Identity;

public enum SignInGateState
{
    Open,

    /// <summary>Too many recent failures: the next attempt waits out a backoff.</summary>
    Wait,

    /// <summary>The lockout threshold was reached: no attempt is checked until the lockout ends.</summary>
    LockedOut,
}
