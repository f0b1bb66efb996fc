using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// The user when the password was right and they may sign in; otherwise why not: an open gate means wrong
/// credentials, a closed one a throttle to wait out or a lockout.
/// </summary>
internal sealed record PasswordCheck(ApplicationUser? User, SignInGate Gate)
{
    public bool Succeeded => User is not null;
}
