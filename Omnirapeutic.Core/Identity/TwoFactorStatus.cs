namespace Omnirapeutic.Core.Identity;

/// <summary>
/// A user's two-factor sign-in: whether it is on, whether their organization requires it of them (so it cannot be
/// turned off, and without it they are sent to set it up), and how many unused recovery codes they have.
/// </summary>
public sealed record TwoFactorStatus(bool Enabled, bool Required, int RecoveryCodesLeft)
{
    public bool MustEnrol => Required && !Enabled;
}
