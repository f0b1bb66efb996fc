using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Identity;

/// <summary>
/// Two-factor sign-in with an authenticator app, on Identity's own authenticator token provider (TOTP, RFC 6238) and
/// recovery codes: a user sets it up by proving a code from their key, gets recovery codes once, may turn it off
/// unless their organization requires it of them (its key replaced by a new one nobody has), and an admin can clear it
/// for a user who lost their device.
/// Each change is audited; the key and the codes never are.
/// </summary>
public sealed partial class UserAdministration
{
    public const int RecoveryCodeCount = 10;

    /// <summary>Where a user stands, with what their organization requires of them (admins, or everyone).</summary>
    public async Task<TwoFactorStatus> TwoFactorStatusAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw DomainException.NotFound("user");
        var db = scope.ServiceProvider.GetRequiredService<OmnirapeuticDbContext>();
        db.OrganizationId = user.OrganizationId;
        return await StatusAsync(db, users, user, cancellationToken);
    }

    /// <summary>
    /// The key the user's authenticator app is set up with: the one they have, or a new one. A new key changes the
    /// user's security stamp (Identity's rule), so the caller's own sign-in must be renewed.
    /// </summary>
    public Task<(string Key, bool Renewed)> AuthenticatorKeyAsync(Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, actor.UserId);
            if (await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key)
            {
                return (key, false);
            }

            Succeed(await users.ResetAuthenticatorKeyAsync(user), user.Email);
            return ((await users.GetAuthenticatorKeyAsync(user))!, true);
        }, cancellationToken);

    /// <summary>Turns two-factor sign-in on once a code from the key checks, and returns the recovery codes, shown only this once.</summary>
    public Task<IReadOnlyList<string>> EnableTwoFactorAsync(Actor actor, string code, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, actor.UserId);
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Normalized(code)))
            {
                throw InvalidCode();
            }

            Succeed(await users.SetTwoFactorEnabledAsync(user, true), user.Email);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
            Audit(db, actor, "user.two-factor.enable", "user", user.Id, null);
            return (IReadOnlyList<string>)[.. codes];
        }, cancellationToken);

    /// <summary>New recovery codes in place of the old ones (which stop working), for a user with two-factor sign-in on.</summary>
    public Task<IReadOnlyList<string>> NewRecoveryCodesAsync(Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, actor.UserId);
            if (!user.TwoFactorEnabled)
            {
                throw DomainException.Conflict("two-factor-off", "Recovery codes come with two-factor sign-in: set up an authenticator app first.");
            }

            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
            Audit(db, actor, "user.two-factor.recovery-codes", "user", user.Id, null);
            return (IReadOnlyList<string>)[.. codes];
        }, cancellationToken);

    /// <summary>Turns the user's own two-factor sign-in off and replaces their key; refused while their organization requires it of them.</summary>
    public Task DisableTwoFactorAsync(Actor actor, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, actor.UserId);
            if ((await StatusAsync(db, users, user, cancellationToken)).Required)
            {
                throw DomainException.Conflict("two-factor-required", "Your organization requires two-factor sign-in of you, so it stays on.");
            }

            await ClearTwoFactorAsync(users, user);
            Audit(db, actor, "user.two-factor.disable", "user", user.Id, null);
            return true;
        }, cancellationToken);

    /// <summary>
    /// An admin clears another user's two-factor sign-in (a lost phone): key and recovery codes are replaced and
    /// their sessions end; if their organization requires it, they set it up again at their next sign-in.
    /// </summary>
    public Task ResetTwoFactorAsync(Actor actor, Guid userId, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, userId);
            await ClearTwoFactorAsync(users, user);
            Succeed(await users.UpdateSecurityStampAsync(user), user.Email);
            Audit(db, actor, "user.two-factor.reset", "user", user.Id, null);
            return true;
        }, cancellationToken);

    /// <summary>A code as people type it: the spaces and dashes an app shows to group its digits left out.</summary>
    public static string Normalized(string? code) => (code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);

    public static DomainException InvalidCode() =>
        DomainException.Invalid("invalid-two-factor-code", "That code is not the one your authenticator app shows now: check the app's time and try the current code.");

    private static async Task<TwoFactorStatus> StatusAsync(OmnirapeuticDbContext db, UserManager<ApplicationUser> users, ApplicationUser user, CancellationToken cancellationToken)
    {
        var policy = await db.Organizations.Where(o => o.Id == user.OrganizationId).Select(o => o.TwoFactorPolicy).SingleAsync(cancellationToken);
        var required = policy switch
        {
            TwoFactorPolicy.Everyone => true,
            TwoFactorPolicy.Admins => await users.IsInRoleAsync(user, Roles.Admin),
            _ => false,
        };
        return new TwoFactorStatus(user.TwoFactorEnabled, required, user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0);
    }

    private static async Task ClearTwoFactorAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        Succeed(await users.SetTwoFactorEnabledAsync(user, false), user.Email);
        Succeed(await users.ResetAuthenticatorKeyAsync(user), user.Email);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
    }
}
