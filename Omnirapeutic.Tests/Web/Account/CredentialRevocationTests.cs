using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Account;

namespace Omnirapeutic.Tests.Web.Account;

/// <summary>
/// Locking a user, resetting their password, their own "sign out everywhere" or an admin's for them stops every credential they hold, on
/// every node: two nodes on one database here, checking credentials on every request (the interval is 0).
/// </summary>
public sealed class CredentialRevocationTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> CheckEveryRequest = new() { [CurrentCredentials.CheckIntervalSetting] = "00:00:00" };

    private OmnirapeuticWebApplicationFactory _nodeA = null!;
    private OmnirapeuticWebApplicationFactory _nodeB = null!;
    private readonly List<HubConnection> _hubs = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.CreateMigratedDatabaseAsync();
        _nodeA = OmnirapeuticWebApplicationFactory.StartOnKestrel(database, CheckEveryRequest);
        _nodeB = OmnirapeuticWebApplicationFactory.StartOnKestrel(database, CheckEveryRequest);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
    }

    public static TheoryData<string> Revocations => ["lock", "password reset", "sign out everywhere", "an admin's sign out everywhere"];

    [Theory]
    [MemberData(nameof(Revocations))]
    public async Task TokenIssuedBefore_IsRefusedOnBothNodesForReadsWritesRefreshAndTheHub(string revocation)
    {
        var email = $"rbt{Revocations.ToList().FindIndex(r => r.Data == revocation) + 1}@orga.example";
        var onA = await _nodeA.CreateApiClientAsync(email);
        var onB = CreateClientWithTheSameToken(_nodeB, onA);
        var target = (await onA.AuthorizationsAsync())[0];
        var refreshToken = await RefreshTokenAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await onB.PostUnitsAsync(target.Id, "reserve", 1)).StatusCode);

        await RevokeAsync(revocation, email, onA);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync("/api/v1/authorizations", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/v1/authorizations", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.PostUnitsAsync(target.Id, "reserve", 1)).StatusCode);
        var booking = await onB.PostAsJsonAsync("/api/v1/appointments", new
        {
            patientId = target.PatientId, practitionerId = Guid.NewGuid(), authorizationId = target.Id,
            start = DemoClinic.NextWeekAt(10), end = DemoClinic.NextWeekAt(11),
        }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, booking.StatusCode);
        var refresh = await _nodeB.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_nodeB.ClientOptions.BaseAddress, "hubs/balances"), o => o.AccessTokenProvider = () => Task.FromResult(onA.DefaultRequestHeaders.Authorization!.Parameter))
            .Build();
        _hubs.Add(hub);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(Ct))).StatusCode);
        Assert.Equal(1, (await (await _nodeA.CreateApiClientAsync("admin@orga.example")).AuthorizationAsync(target.Id)).ScheduledUnits - target.ScheduledUnits);
    }

    [Fact]
    public async Task Cookie_OfALockedUser_NoLongerOpensPages()
    {
        var browser = _nodeA.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "bcba1@orga.example", DemoDataSeeder.DefaultPassword);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/patients", Ct)).StatusCode);

        await RevokeAsync("lock", "bcba1@orga.example", null);

        var page = await browser.GetAsync("/patients", Ct);

        // The Kestrel node's client follows the redirect: where it ended up is what a browser would show.
        var landedOn = page.StatusCode == HttpStatusCode.Redirect ? page.Headers.Location!.PathAndQuery : page.RequestMessage!.RequestUri!.PathAndQuery;
        Assert.StartsWith("/Account/Login", landedOn, StringComparison.Ordinal);
        Assert.DoesNotContain("ORGA-M0001", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurrentCredentials_AfterTheStampChanged_IsNoLongerCurrent()
    {
        await using var scope = _nodeA.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var user = (await signIn.UserManager.FindByEmailAsync("bcba2@orga.example"))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var credentials = scope.ServiceProvider.GetRequiredService<CurrentCredentials>();
        Assert.True(await credentials.IsCurrentAsync(principal));

        await _nodeB.Services.GetRequiredService<UserAdministration>().SignOutEverywhereAsync(new Actor(user.OrganizationId, user.Id), Ct);

        await using var fresh = _nodeA.Services.CreateAsyncScope();
        Assert.False(await fresh.ServiceProvider.GetRequiredService<CurrentCredentials>().IsCurrentAsync(principal));
    }

    private async Task RevokeAsync(string revocation, string email, HttpClient? usersOwnClient)
    {
        await using var scope = _nodeB.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = (await users.FindByEmailAsync("admin@orga.example"))!;
        var user = (await users.FindByEmailAsync(email))!;
        var administration = _nodeB.Services.GetRequiredService<UserAdministration>();
        var actor = new Actor(admin.OrganizationId, admin.Id);
        switch (revocation)
        {
            case "lock":
                await administration.LockAsync(actor, user.Id, Ct);
                break;
            case "password reset":
                await administration.ResetPasswordAsync(actor, user.Id, "Another-Strong-Password-1!", Ct);
                break;
            case "an admin's sign out everywhere":
                var admins = await _nodeB.CreateApiClientAsync("admin@orga.example");
                Assert.Equal(HttpStatusCode.NoContent, (await admins.PostAsync($"/api/v1/users/{user.Id}/sign-out-everywhere", null, Ct)).StatusCode);
                break;
            default:
                Assert.Equal(HttpStatusCode.NoContent, (await usersOwnClient!.PostAsync("/api/v1/auth/logout-everywhere", null, Ct)).StatusCode);
                break;
        }
    }

    private async Task<string> RefreshTokenAsync(string email)
    {
        var login = await _nodeA.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = DemoDataSeeder.DefaultPassword }, Ct);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("refreshToken").GetString()!;
    }

    private static HttpClient CreateClientWithTheSameToken(OmnirapeuticWebApplicationFactory node, HttpClient signedIn)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }
}
