using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Identity;

/// <summary>
/// Creates users (and their practitioner profile), locks, unlocks and resets passwords (admins). Every change is
/// audited without passwords; users of another organization are answered as not found. Changes to one
/// organization's users run one at a time, so the organization always keeps an unlocked admin.
/// </summary>
public sealed partial class UserAdministration(IServiceScopeFactory scopes, SignInThrottle throttle, TimeProvider time)
{
    public const int MaxDisplayNameLength = 200;

    public Task<Guid> CreateAsync(Actor actor, NewUser request, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            if (!Roles.All.Contains(request.Role))
            {
                throw DomainException.Invalid("invalid-role", $"The role must be {string.Join(", ", Roles.All.SkipLast(1))} or {Roles.All[^1]}.");
            }

            var displayName = request.DisplayName?.Trim() ?? string.Empty;
            if (displayName.Length is 0 or > MaxDisplayNameLength)
            {
                throw DomainException.Invalid("invalid-display-name", $"A user needs a display name of at most {MaxDisplayNameLength} characters.");
            }

            var email = request.Email?.Trim() ?? string.Empty;
            if (email.Length == 0)
            {
                throw DomainException.Invalid("invalid-email", "A user needs an email address.");
            }

            var user = new ApplicationUser
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                OrganizationId = actor.OrganizationId,
                DisplayName = displayName,
            };
            var practitioner = request.Role == Roles.Practitioner ? NewPractitioner(actor, user, request) : null;
            if (practitioner is not null && await db.Practitioners.AnyAsync(p => p.Email == practitioner.Email, cancellationToken))
            {
                throw DuplicateEmail(email);
            }

            try
            {
                Succeed(await users.CreateAsync(user, request.Password ?? string.Empty), email);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another organization's admin took the same email between Identity's check and the insert.
                throw DuplicateEmail(email);
            }

            Succeed(await users.AddToRoleAsync(user, request.Role), email);
            if (practitioner is not null)
            {
                db.Practitioners.Add(practitioner);
                Audit(db, actor, "practitioner.create", "practitioner", practitioner.Id, new { userId = user.Id, credential = practitioner.Credential.ToString() });
            }

            Audit(db, actor, "user.create", "user", user.Id, new { role = request.Role, practitionerId = practitioner?.Id });
            return user.Id;
        }, cancellationToken);

    /// <summary>Locks a user out until an admin unlocks them, and ends their sessions at the next stamp check.</summary>
    public Task LockAsync(Actor actor, Guid userId, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, userId);
            if (user.Id == actor.UserId)
            {
                throw DomainException.Conflict("cannot-lock-self", "You cannot lock your own account.");
            }

            if (await users.IsInRoleAsync(user, Roles.Admin) && !await HasAnotherUnlockedAdminAsync(db, actor.OrganizationId, user.Id, cancellationToken))
            {
                throw DomainException.Conflict("last-unlocked-admin", "The organization must keep at least one unlocked admin.");
            }

            if (!await users.GetLockoutEnabledAsync(user))
            {
                Succeed(await users.SetLockoutEnabledAsync(user, true), user.Email);
            }

            Succeed(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue), user.Email);
            Succeed(await users.UpdateSecurityStampAsync(user), user.Email);
            Audit(db, actor, "user.lock", "user", user.Id, null);
            return true;
        }, cancellationToken);

    /// <summary>Lifts a lock, whether an admin set it or failed sign-ins did.</summary>
    public Task UnlockAsync(Actor actor, Guid userId, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, userId);
            Succeed(await users.SetLockoutEndDateAsync(user, null), user.Email);
            Succeed(await users.ResetAccessFailedCountAsync(user), user.Email);
            await throttle.ClearAsync(user.Email!, cancellationToken);
            Audit(db, actor, "user.unlock", "user", user.Id, null);
            return true;
        }, cancellationToken);

    /// <summary>Sets a new password the admin chose; it must pass the password policy. Sessions end at the next stamp check.</summary>
    public Task ResetPasswordAsync(Actor actor, Guid userId, string newPassword, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, userId);
            Succeed(await users.RemovePasswordAsync(user), user.Email);
            Succeed(await users.AddPasswordAsync(user, newPassword ?? string.Empty), user.Email);
            Audit(db, actor, "user.reset-password", "user", user.Id, null);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Ends every session of the actor's own: cookies, API tokens (refresh tokens included) and open pages stop
    /// working at their next credential check, on every node.
    /// </summary>
    public Task SignOutEverywhereAsync(Actor actor, CancellationToken cancellationToken = default) => SignOutEverywhereAsync(actor, actor.UserId, cancellationToken);

    /// <summary>The same for another user of the organization (admins: a lost laptop, a departure).</summary>
    public Task SignOutEverywhereAsync(Actor actor, Guid userId, CancellationToken cancellationToken = default) =>
        RunAsync(actor, async (users, db) =>
        {
            var user = await FindAsync(users, actor, userId);
            Succeed(await users.UpdateSecurityStampAsync(user), user.Email);
            Audit(db, actor, "user.sign-out-everywhere", "user", user.Id, null);
            return true;
        }, cancellationToken);

    /// <summary>
    /// One scope per operation: UserManager's store and this service's own rows share one fresh context and one
    /// transaction. Locking the organization's row first makes changes to its users take turns, so two admins
    /// locking each other cannot both succeed.
    /// </summary>
    private async Task<T> RunAsync<T>(Actor actor, Func<UserManager<ApplicationUser>, OmnirapeuticDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OmnirapeuticDbContext>();
        db.OrganizationId = actor.OrganizationId;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // NO KEY UPDATE still lets other transactions insert rows that reference the organization.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM organizations WHERE id = {actor.OrganizationId} FOR NO KEY UPDATE", cancellationToken);
        var result = await work(users, db);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<ApplicationUser> FindAsync(UserManager<ApplicationUser> users, Actor actor, Guid userId) =>
        await users.FindByIdAsync(userId.ToString()) is { } user && user.OrganizationId == actor.OrganizationId
            ? user
            : throw DomainException.NotFound("user");

    private static Practitioner NewPractitioner(Actor actor, ApplicationUser user, NewUser request) =>
        request.Credential is { } credential
            ? new Practitioner(actor.OrganizationId, user.Id, request.FirstName ?? string.Empty, request.LastName ?? string.Empty, user.Email!, credential)
            : throw DomainException.Invalid("invalid-practitioner", "A practitioner needs a credential: BCBA, BCaBA or RBT.");

    private Task<bool> HasAnotherUnlockedAdminAsync(OmnirapeuticDbContext db, Guid organizationId, Guid exceptUserId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.Users
            .Where(u => u.OrganizationId == organizationId && u.Id != exceptUserId && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .AnyAsync(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)), cancellationToken);
    }

    private void Audit(OmnirapeuticDbContext db, Actor actor, string action, string entityType, Guid entityId, object? details) =>
        db.AuditEvents.Add(new AuditEvent(
            actor.OrganizationId, actor.UserId, action, entityType, entityId.ToString(),
            details is null ? null : JsonSerializer.Serialize(details), time.GetUtcNow()));

    private static DomainException DuplicateEmail(string? email) =>
        DomainException.Conflict("duplicate-email", $"Another user already has the email address {email}.");

    /// <summary>Turns Identity's refusals into the domain's, keeping Identity's own descriptions for people to read.</summary>
    private static void Succeed(IdentityResult result, string? email)
    {
        if (result.Succeeded)
        {
            return;
        }

        var codes = result.Errors.Select(e => e.Code).ToHashSet();
        var descriptions = string.Join(" ", result.Errors.Select(e => e.Description));
        throw codes switch
        {
            _ when codes.Overlaps([nameof(IdentityErrorDescriber.DuplicateEmail), nameof(IdentityErrorDescriber.DuplicateUserName)]) => DuplicateEmail(email),
            _ when codes.Overlaps([nameof(IdentityErrorDescriber.InvalidEmail), nameof(IdentityErrorDescriber.InvalidUserName)]) =>
                DomainException.Invalid("invalid-email", $"'{email}' is not a valid email address."),
            _ when codes.All(c => c.StartsWith("Password", StringComparison.Ordinal)) => DomainException.Invalid("invalid-password", descriptions),
            _ => DomainException.Invalid("invalid-user", descriptions),
        };
    }
}
