using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Identity;

public sealed class UserAdministrationTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "Strong-Password-1!";

    private CoreServices _core = null!;
    private Actor _admin = null!;

    private UserAdministration Users => _core.Get<UserAdministration>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        _admin = await _core.AddClinicWithAdminAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    /// <summary>A new organization whose first admin was created through the service, acting as that admin.</summary>
    [Fact]
    public async Task Create_APractitioner_CreatesTheUserTheRoleAndTheLinkedPractitioner()
    {
        var email = Email();

        var id = await Users.CreateAsync(_admin, new NewUser("Dana W.", email, Password, Roles.Practitioner, "Dana", "Whitfield", Credential.BCBA), Ct);

        var listed = Assert.Single(await _core.Get<UserDirectory>().ListAsync(_admin.OrganizationId, Ct), u => u.Id == id);
        Assert.Equal(("Dana W.", email, false, (Credential?)Credential.BCBA), (listed.DisplayName, listed.Email, listed.IsLockedOut, listed.Credential));
        Assert.Equal([Roles.Practitioner], listed.Roles);
        var practitioner = Assert.Single(await _core.Get<PractitionerDirectory>().ListAsync(_admin.OrganizationId, Ct));
        Assert.Equal(("Dana Whitfield", email, Credential.BCBA), (practitioner.Name, practitioner.Email, practitioner.Credential));
        await using var db = await ContextAsync();
        Assert.Equal(id, (await db.Practitioners.SingleAsync(Ct)).UserId);
        Assert.True(await CheckPasswordAsync(id, Password));
        var audit = await db.AuditEvents.Where(e => e.Action == "user.create" && e.EntityId == id.ToString()).SingleAsync(Ct);
        Assert.Equal(_admin.UserId, audit.ActorUserId);
        Assert.DoesNotContain(Password, audit.Details!, StringComparison.Ordinal);
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "practitioner.create" && e.EntityId == practitioner.Id.ToString(), Ct));
    }

    [Fact]
    public async Task Create_AnAdmin_CreatesNoPractitioner()
    {
        var id = await Users.CreateAsync(_admin, new NewUser("Second Admin", Email(), Password, Roles.Admin), Ct);

        var listed = Assert.Single(await _core.Get<UserDirectory>().ListAsync(_admin.OrganizationId, Ct), u => u.Id == id);
        Assert.Equal([Roles.Admin], listed.Roles);
        Assert.Null(listed.Credential);
        Assert.Empty(await _core.Get<PractitionerDirectory>().ListAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task Create_WithAnEmailAlreadyInUse_IsRefusedEvenAcrossOrganizations()
    {
        var email = Email();
        var other = await _core.AddClinicWithAdminAsync();
        await Users.CreateAsync(other, new NewUser("Taken", email, Password, Roles.Admin), Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Users.CreateAsync(_admin, new NewUser("Again", email.ToUpperInvariant(), Password, Roles.Practitioner, "A", "B", Credential.RBT), Ct));

        Assert.Equal(("duplicate-email", DomainErrorKind.Conflict), (refusal.Code, refusal.Kind));
        Assert.Empty(await _core.Get<PractitionerDirectory>().ListAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task Create_WithAWeakPassword_IsRefusedWithIdentitysDescriptionsAndSavesNothing()
    {
        var email = Email();

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Users.CreateAsync(_admin, new NewUser("Weak", email, "short", Roles.Practitioner, "Weak", "Password", Credential.RBT), Ct));

        Assert.Equal("invalid-password", refusal.Code);
        Assert.Contains("Passwords must be at least 12 characters.", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await _core.Get<UserDirectory>().ListAsync(_admin.OrganizationId, Ct), u => u.Email == email);
        Assert.Empty(await _core.Get<PractitionerDirectory>().ListAsync(_admin.OrganizationId, Ct));
    }

    [Theory]
    [InlineData("Name", "not an email", Roles.Admin, "invalid-email")]
    [InlineData("", "x@example.test", Roles.Admin, "invalid-display-name")]
    [InlineData("Name", "x@example.test", "Owner", "invalid-role")]
    public async Task Create_WithBadDetails_IsRefused(string displayName, string email, string role, string code)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Users.CreateAsync(_admin, new NewUser(displayName, email, Password, role), Ct));

        Assert.Equal(code, refusal.Code);
    }

    [Theory]
    [InlineData("Jo", "", Credential.RBT)]
    [InlineData("Jo", "Smith", null)]
    public async Task Create_APractitionerWithoutNamesOrCredential_IsRefusedAndSavesNothing(string first, string last, Credential? credential)
    {
        var email = Email();

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Users.CreateAsync(_admin, new NewUser("Jo", email, Password, Roles.Practitioner, first, last, credential), Ct));

        Assert.Equal("invalid-practitioner", refusal.Code);
        Assert.DoesNotContain(await _core.Get<UserDirectory>().ListAsync(_admin.OrganizationId, Ct), u => u.Email == email);
    }

    [Fact]
    public async Task Lock_AUser_KeepsThemOutUntilUnlocked()
    {
        var id = await Users.CreateAsync(_admin, new NewUser("Locked", Email(), Password, Roles.Practitioner, "Lock", "Ed", Credential.RBT), Ct);
        var stampBefore = await SecurityStampAsync(id);

        await Users.LockAsync(_admin, id, Ct);
        var whileLocked = await IsLockedOutAsync(id);
        var listedWhileLocked = (await _core.Get<UserDirectory>().ListAsync(_admin.OrganizationId, Ct)).Single(u => u.Id == id).IsLockedOut;
        var stampAfter = await SecurityStampAsync(id);
        await Users.UnlockAsync(_admin, id, Ct);

        Assert.True(whileLocked);
        Assert.True(listedWhileLocked);
        Assert.NotEqual(stampBefore, stampAfter);
        Assert.False(await IsLockedOutAsync(id));
        await using var db = await ContextAsync();
        Assert.Equal(
            ["user.lock", "user.unlock"],
            await db.AuditEvents.Where(e => e.EntityId == id.ToString() && e.Action != "user.create").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct));
    }

    [Fact]
    public async Task Lock_Yourself_IsRefused()
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Users.LockAsync(_admin, _admin.UserId, Ct));

        Assert.Equal(("cannot-lock-self", DomainErrorKind.Conflict), (refusal.Code, refusal.Kind));
        Assert.False(await IsLockedOutAsync(_admin.UserId));
    }

    [Fact]
    public async Task Lock_TheLastUnlockedAdmin_IsRefused()
    {
        var secondId = await Users.CreateAsync(_admin, new NewUser("Second Admin", Email(), Password, Roles.Admin), Ct);
        var second = _admin with { UserId = secondId };

        // The second admin is locked while still signed in somewhere, and tries to lock the only admin left.
        await Users.LockAsync(_admin, secondId, Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Users.LockAsync(second, _admin.UserId, Ct));

        Assert.Equal(("last-unlocked-admin", DomainErrorKind.Conflict), (refusal.Code, refusal.Kind));
        Assert.False(await IsLockedOutAsync(_admin.UserId));
    }

    [Fact]
    public async Task Lock_OneOfTwoAdmins_IsAllowed()
    {
        var secondId = await Users.CreateAsync(_admin, new NewUser("Second Admin", Email(), Password, Roles.Admin), Ct);

        await Users.LockAsync(_admin, secondId, Ct);

        Assert.True(await IsLockedOutAsync(secondId));
    }

    [Fact]
    public async Task Changes_ToAUserOfAnotherOrganization_AreAnsweredAsNotFoundAndChangeNothing()
    {
        var other = await _core.AddClinicWithAdminAsync();
        var theirs = await Users.CreateAsync(other, new NewUser("Theirs", Email(), Password, Roles.Practitioner, "Their", "User", Credential.RBT), Ct);

        var refusals = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => Users.LockAsync(_admin, theirs, Ct)),
            await Assert.ThrowsAsync<DomainException>(() => Users.UnlockAsync(_admin, theirs, Ct)),
            await Assert.ThrowsAsync<DomainException>(() => Users.ResetPasswordAsync(_admin, theirs, "Another-Strong-2!", Ct)),
            await Assert.ThrowsAsync<DomainException>(() => Users.LockAsync(_admin, Guid.NewGuid(), Ct)),
        };

        Assert.All(refusals, r => Assert.Equal(("not-found", DomainErrorKind.NotFound, "No such user."), (r.Code, r.Kind, r.Message)));
        Assert.False(await IsLockedOutAsync(theirs));
        Assert.True(await CheckPasswordAsync(theirs, Password));
        Assert.DoesNotContain(await _core.Get<UserDirectory>().ListAsync(_admin.OrganizationId, Ct), u => u.Id == theirs);
    }

    [Fact]
    public async Task ResetPassword_WithAStrongPassword_ReplacesTheOldOne()
    {
        var id = await Users.CreateAsync(_admin, new NewUser("Forgetful", Email(), Password, Roles.Practitioner, "For", "Getful", Credential.BCaBA), Ct);
        const string newPassword = "Brand-New-Secret-9?";

        await Users.ResetPasswordAsync(_admin, id, newPassword, Ct);

        Assert.False(await CheckPasswordAsync(id, Password));
        Assert.True(await CheckPasswordAsync(id, newPassword));
        await using var db = await ContextAsync();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "user.reset-password" && e.EntityId == id.ToString(), Ct);
        Assert.Null(audit.Details);
    }

    [Fact]
    public async Task ResetPassword_ThatBreaksThePolicy_IsRefusedAndKeepsTheOldPassword()
    {
        var id = await Users.CreateAsync(_admin, new NewUser("Careful", Email(), Password, Roles.Practitioner, "Care", "Ful", Credential.RBT), Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Users.ResetPasswordAsync(_admin, id, "alllowercaseletters", Ct));

        Assert.Equal(("invalid-password", DomainErrorKind.Invalid), (refusal.Code, refusal.Kind));
        Assert.Contains("Passwords must have at least one uppercase ('A'-'Z').", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Passwords must have at least one digit ('0'-'9').", refusal.Message, StringComparison.Ordinal);
        Assert.True(await CheckPasswordAsync(id, Password));
        await using var db = await ContextAsync();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == "user.reset-password" && e.EntityId == id.ToString(), Ct));
    }

    private static string Email() => $"user-{Guid.NewGuid():N}@example.test";

    private async Task<OmnirapeuticDbContext> ContextAsync() =>
        await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_admin.OrganizationId, Ct);

    private async Task<T> WithUserAsync<T>(Guid id, Func<UserManager<ApplicationUser>, ApplicationUser, Task<T>> read)
    {
        await using var scope = _core.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await read(users, (await users.FindByIdAsync(id.ToString()))!);
    }

    private Task<bool> CheckPasswordAsync(Guid id, string password) => WithUserAsync(id, (users, user) => users.CheckPasswordAsync(user, password));

    private Task<bool> IsLockedOutAsync(Guid id) => WithUserAsync(id, (users, user) => users.IsLockedOutAsync(user));

    private Task<string> SecurityStampAsync(Guid id) => WithUserAsync(id, (users, user) => users.GetSecurityStampAsync(user));
}
