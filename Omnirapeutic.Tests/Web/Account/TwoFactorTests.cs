using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Tests.Infrastructure;
using OtpNet;

namespace Omnirapeutic.Tests.Web.Account;

/// <summary>
/// Two-factor sign-in with an authenticator app: codes computed from the key as an app computes them (Otp.NET),
/// through the real sign-in form and the API, recovery codes that work once, and an organization that requires it.
/// </summary>
public sealed class TwoFactorTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "Two-Factor-Pass-7!";

    private OmnirapeuticWebApplicationFactory _app = null!;
    private Actor _admin = null!;

    private UserAdministration Users => _app.Services.GetRequiredService<UserAdministration>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _admin = await _app.ActorOfAsync("admin@orga.example");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TurningItOn_TakesACodeFromTheKey_ThenTheApiWantsACode_AndARecoveryCodeWorksOnce()
    {
        var (email, actor) = await UserAsync(Roles.Scheduler);

        var before = await Users.TwoFactorStatusAsync(actor.UserId, Ct);
        var (key, renewed) = await Users.AuthenticatorKeyAsync(actor, Ct);
        var (sameKey, renewedAgain) = await Users.AuthenticatorKeyAsync(actor, Ct);
        var wrong = await Assert.ThrowsAsync<DomainException>(() => Users.EnableTwoFactorAsync(actor, WrongCode(key), Ct));
        var recoveryCodes = await Users.EnableTwoFactorAsync(actor, Code(key), Ct);
        var noCode = await LoginAsync(email);
        var wrongCode = await LoginAsync(email, WrongCode(key));
        var rightCode = await LoginAsync(email, Code(key));
        var recovery = await LoginAsync(email, recoveryCodes[0]);
        var recoveryAgain = await LoginAsync(email, recoveryCodes[0]);
        var after = await Users.TwoFactorStatusAsync(actor.UserId, Ct);

        Assert.Equal(new TwoFactorStatus(false, false, 0), before);
        Assert.Equal((true, key, false), (renewed, sameKey, renewedAgain));
        Assert.Equal("invalid-two-factor-code", wrong.Code);
        Assert.Equal(UserAdministration.RecoveryCodeCount, recoveryCodes.Distinct().Count());
        Assert.Equal((HttpStatusCode.Unauthorized, "two-factor-required"), await ProblemAsync(noCode));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid-two-factor-code"), await ProblemAsync(wrongCode));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { rightCode.StatusCode, recovery.StatusCode });
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid-two-factor-code"), await ProblemAsync(recoveryAgain));
        Assert.Equal(new TwoFactorStatus(true, false, UserAdministration.RecoveryCodeCount - 1), after);
        var audited = await AuditAsync(actor.UserId);
        Assert.Contains(audited, a => a.StartsWith("user.two-factor.enable", StringComparison.Ordinal));
        Assert.DoesNotContain(audited, a => a.Contains(key, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheSignInForm_AsksForTheCode_OnlyTheRightOneSignsIn_AndARecoveryCodeToo()
    {
        var (email, actor) = await UserAsync(Roles.Scheduler);
        var (key, _) = await Users.AuthenticatorKeyAsync(actor, Ct);
        var recoveryCodes = await Users.EnableTwoFactorAsync(actor, Code(key), Ct);
        var client = _app.CreateBrowserClient();

        var password = await LoginForm.SubmitAsync(client, email, Password, "/patients");
        var step = PathAndQuery(password.Headers.Location!);
        var wrong = await LoginForm.PostAsync(client, step, new Dictionary<string, string> { ["Input.Code"] = WrongCode(key) });
        var afterWrong = await client.GetAsync("/patients", Ct);
        var right = await LoginForm.PostAsync(client, step, new Dictionary<string, string> { ["Input.Code"] = Code(key) });
        var afterRight = await client.GetAsync("/patients", Ct);
        var other = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(other, email, Password, "/patients");
        var recovery = await LoginForm.PostAsync(
            other, "/Account/LoginWithRecoveryCode?ReturnUrl=%2Fpatients", new Dictionary<string, string> { ["Input.RecoveryCode"] = recoveryCodes[1] });

        Assert.Equal("/Account/LoginWith2fa", password.Headers.Location.PathOnly());
        Assert.Contains("That code is wrong or expired", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("/Account/Login", afterWrong.Headers.Location.PathOnly());
        Assert.Equal("/patients", right.Headers.Location.PathOnly());
        Assert.Equal(HttpStatusCode.OK, afterRight.StatusCode);
        Assert.Equal("/patients", recovery.Headers.Location.PathOnly());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/patients", Ct)).StatusCode);
    }

    [Fact]
    public async Task WhereTheOrganizationRequiresItOfAdmins_OneWithoutItGetsNoToken_AndTheWebSendsThemToSetItUp()
    {
        await _app.Services.GetRequiredService<OrganizationSecurity>().SetAsync(_admin, new SecuritySettings(TwoFactorPolicy.Admins, CaseloadAccess: false), Ct);
        var (email, actor) = await UserAsync(Roles.Admin);
        var (schedulerEmail, _) = await UserAsync(Roles.Scheduler);
        var client = _app.CreateBrowserClient();

        var refused = await LoginAsync(email);
        var scheduler = await LoginAsync(schedulerEmail);
        await LoginForm.SubmitAsync(client, email, Password, "/patients");
        var sent = await client.GetAsync("/patients", Ct);
        var enrolPage = await client.GetStringAsync("/Account/Manage/EnableAuthenticator", Ct);
        var key = new HtmlParser().ParseDocument(enrolPage).QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", string.Empty, StringComparison.Ordinal);
        var enrolled = await LoginForm.PostAsync(client, "/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = Code(key) });
        var through = await client.GetAsync("/patients", Ct);
        var staysOn = await Assert.ThrowsAsync<DomainException>(() => Users.DisableTwoFactorAsync(actor, Ct));
        var withCode = await LoginAsync(email, Code(key));

        Assert.Equal((HttpStatusCode.Forbidden, "two-factor-enrolment-required"), await ProblemAsync(refused));
        Assert.Equal(HttpStatusCode.OK, scheduler.StatusCode);
        Assert.Equal("/Account/Manage/EnableAuthenticator", sent.Headers.Location.PathOnly());
        Assert.Contains("Your organization requires two-factor sign-in", enrolPage, StringComparison.Ordinal);
        Assert.Equal(UserAdministration.RecoveryCodeCount, new HtmlParser().ParseDocument(await enrolled.Content.ReadAsStringAsync(Ct)).QuerySelectorAll("[data-testid=recovery-codes] li").Length);
        Assert.Equal(HttpStatusCode.OK, through.StatusCode);
        Assert.Equal("two-factor-required", staysOn.Code);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
    }

    [Fact]
    public async Task AnAdminResetsAUsersTwoFactor_AndTheySignInWithTheirPasswordAlone()
    {
        var (email, actor) = await UserAsync(Roles.Scheduler);
        var (key, _) = await Users.AuthenticatorKeyAsync(actor, Ct);
        await Users.EnableTwoFactorAsync(actor, Code(key), Ct);
        var admin = await _app.CreateApiClientAsync("admin@orga.example");
        var listed = await ListedAsync(actor.UserId);

        var reset = await admin.PostAsync($"/api/v1/users/{actor.UserId}/two-factor/reset", null, Ct);
        var passwordAlone = await LoginAsync(email);
        var notAdmin = await (await _app.CreateApiClientAsync("bcba1@orga.example")).PostAsync($"/api/v1/users/{actor.UserId}/two-factor/reset", null, Ct);

        Assert.True(listed);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passwordAlone.StatusCode);
        Assert.False(await ListedAsync(actor.UserId));
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Contains(await AuditAsync(actor.UserId), a => a.StartsWith("user.two-factor.reset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePolicy_IsReadAndSetByAdmins_AndAnUnknownOneIsRefused()
    {
        var admin = await _app.CreateApiClientAsync("admin@orga.example");

        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/organization/security", Ct);
        var set = await admin.PutAsJsonAsync("/api/v1/organization/security", new { twoFactorPolicy = "Everyone" }, Ct);
        var unknown = await admin.PutAsJsonAsync("/api/v1/organization/security", new { twoFactorPolicy = "Sometimes" }, Ct);
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/organization/security", Ct);

        Assert.Equal("Off", before.GetProperty("twoFactorPolicy").GetString());
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("Everyone", after.GetProperty("twoFactorPolicy").GetString());
    }

    /// <summary>The code an authenticator app shows now for the key.</summary>
    private static string Code(string key) => new Totp(Base32Encoding.ToBytes(key.ToUpperInvariant())).ComputeTotp(DateTime.UtcNow);

    /// <summary>A six-digit code that is none of those Identity accepts now (two steps of 30 s either side).</summary>
    private static string WrongCode(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key.ToUpperInvariant()));
        var accepted = Enumerable.Range(-3, 7).Select(step => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 10).Select(n => $"{n}{n}{n}{n}{n}{n}").First(code => !accepted.Contains(code));
    }

    private async Task<(string Email, Actor Actor)> UserAsync(string role)
    {
        var email = $"two-factor-{Guid.NewGuid():N}@orga.example";
        var id = await Users.CreateAsync(_admin, new NewUser("Two Factor", email, Password, role), Ct);
        return (email, new Actor(_admin.OrganizationId, id));
    }

    private Task<HttpResponseMessage> LoginAsync(string email, string? twoFactorCode = null) =>
        _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password, twoFactorCode }, Ct);

    private static async Task<(HttpStatusCode, string?)> ProblemAsync(HttpResponseMessage response) =>
        (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());

    private static string PathAndQuery(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private async Task<bool> ListedAsync(Guid userId) =>
        (await _app.Services.GetRequiredService<UserDirectory>().ListAsync(_admin.OrganizationId, Ct)).Single(u => u.Id == userId).TwoFactorEnabled;

    private async Task<List<string>> AuditAsync(Guid userId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        var events = await db.AuditEvents.IgnoreQueryFilters().Where(e => e.EntityId == userId.ToString()).Select(e => new { e.Action, e.Details }).ToListAsync(Ct);
        return [.. events.Select(e => $"{e.Action} {e.Details}")];
    }
}
