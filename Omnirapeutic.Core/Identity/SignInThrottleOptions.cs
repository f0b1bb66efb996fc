namespace Omnirapeutic.Core.Identity;

/// <summary>The <c>SignIn:Throttle</c> settings: how failed sign-ins of one address slow down and then lock it.</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "SignIn:Throttle";

    /// <summary>Failures before the backoff starts.</summary>
    public int FreeFailures { get; set; } = 3;

    /// <summary>The wait after the first failure past the free ones; each further failure doubles it.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failures that lock the address out; with the backoff before it a stranger needs minutes to get there.</summary>
    public int LockoutAfter { get; set; } = 10;

    /// <summary>How long a lockout lasts, and how long a failure is remembered.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
