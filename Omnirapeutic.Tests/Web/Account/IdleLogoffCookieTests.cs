using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Account;

/// <summary>
/// The sign-in cookie lives as long as the organization's idle logoff, sliding with activity (an open page pings
/// /Account/KeepAlive), on the app's clock faked: a browser left alone is signed out when its page would be.
/// </summary>
public sealed class IdleLogoffCookieTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private OmnirapeuticWebApplicationFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres, services: services => services.AddSingleton<TimeProvider>(_clock));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheCookie_SlidesWithActivity_AndEndsAfterTheIdleMinutes()
    {
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, "bcba1@orga.example", DemoDataSeeder.DefaultPassword);

        _clock.Advance(TimeSpan.FromMinutes(10));
        var ping = await client.GetAsync("/Account/KeepAlive", Ct);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var stillIn = await client.GetAsync("/patients", Ct);
        _clock.Advance(TimeSpan.FromMinutes(16));
        var afterIdle = await client.GetAsync("/patients", Ct);

        Assert.Equal(HttpStatusCode.NoContent, ping.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal("/Account/Login", afterIdle.Headers.Location.PathOnly());
    }

    [Fact]
    public async Task AnIdlePagesSignOut_AfterItsCookieRanOut_GoesToTheSignInPageSayingWhy_ButAForgedOneIsRefused()
    {
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, "bcba1@orga.example", DemoDataSeeder.DefaultPassword);
        var idle = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "idle" });

        var forged = await client.PostAsync("/Account/Logout", idle, Ct);
        _clock.Advance(TimeSpan.FromMinutes(16));
        var ranOut = await client.PostAsync("/Account/Logout", idle, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("/Account/Login?signedOut=idle", ranOut.Headers.Location!.OriginalString.Replace("http://localhost", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAdminSetsTheIdleMinutes_WithinTheirBounds_AndTheTwoFactorPolicyStays()
    {
        var admin = await _app.CreateApiClientAsync("admin@orga.example");

        var set = await admin.PutAsJsonAsync("/api/v1/organization/security", new { idleLogoffMinutes = 30 }, Ct);
        var tooShort = await admin.PutAsJsonAsync("/api/v1/organization/security", new { idleLogoffMinutes = 1 }, Ct);
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/organization/security", Ct);
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, "bcba1@orga.example", DemoDataSeeder.DefaultPassword);
        _clock.Advance(TimeSpan.FromMinutes(20));
        var at20 = await client.GetAsync("/patients", Ct);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("invalid-idle-logoff", (await tooShort.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(("Off", 30), (after.GetProperty("twoFactorPolicy").GetString(), after.GetProperty("idleLogoffMinutes").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, at20.StatusCode);
    }
}
