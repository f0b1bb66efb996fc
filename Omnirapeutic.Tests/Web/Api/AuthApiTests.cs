using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

public sealed class AuthApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Login_WithDemoCredentials_ReturnsLongLivedRefreshableBearerTokens()
    {
        var response = await _app.CreateClient().PostAsJsonAsync(
            "/api/v1/auth/login", new { email = "rbt1@orga.example", password = DemoDataSeeder.DefaultPassword }, TestContext.Current.CancellationToken);
        using var tokens = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", tokens.RootElement.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(tokens.RootElement.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(tokens.RootElement.GetProperty("refreshToken").GetString()));
        Assert.True(tokens.RootElement.GetProperty("expiresIn").GetInt32() >= 3600, "An hour-long load run must not outlive its token.");
    }

    [Fact]
    public async Task Login_WithAWrongPassword_Is401ProblemDetails()
    {
        var response = await _app.CreateClient().PostAsJsonAsync(
            "/api/v1/auth/login", new { email = "rbt1@orga.example", password = "Wrong-password-1!" }, TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("invalid-credentials", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Refresh_WithTheRefreshToken_IssuesNewTokensThatWork()
    {
        var client = _app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@orgc.example", password = DemoDataSeeder.DefaultPassword }, TestContext.Current.CancellationToken);
        using var first = JsonDocument.Parse(await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var refresh = await client.PostAsJsonAsync(
            "/api/v1/auth/refresh", new { refreshToken = first.RootElement.GetProperty("refreshToken").GetString() }, TestContext.Current.CancellationToken);
        using var second = JsonDocument.Parse(await refresh.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", second.RootElement.GetProperty("accessToken").GetString());
        var authorizations = await client.GetAsync("/api/v1/authorizations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorizations.StatusCode);
    }

    [Fact]
    public async Task Refresh_WithAnAlreadyUsedToken_IsRefusedAndRevokesEveryTokenOfThatSignIn()
    {
        var client = _app.CreateClient();
        var first = await RefreshTokenOfNewSignInAsync(client, "bcba1@orgb.example");
        var rotated = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first }, TestContext.Current.CancellationToken);
        var successor = (await rotated.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refreshToken").GetString();

        var replay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first }, TestContext.Current.CancellationToken);
        var successorAfterReplay = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = successor }, TestContext.Current.CancellationToken);
        var anotherSignIn = await client.PostAsJsonAsync(
            "/api/v1/auth/refresh", new { refreshToken = await RefreshTokenOfNewSignInAsync(client, "bcba1@orgb.example") }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal("refresh-token-reused", (await replay.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString());
        Assert.Equal("invalid-refresh-token", (await successorAfterReplay.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, anotherSignIn.StatusCode);
    }

    [Fact]
    public async Task Refresh_WithTheSameTokenManyTimesAtOnce_RotatesItOnce()
    {
        var client = _app.CreateClient();
        var token = await RefreshTokenOfNewSignInAsync(client, "rbt1@orgb.example");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token }, TestContext.Current.CancellationToken)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
    }

    [Fact]
    public async Task Refresh_WithAForgedToken_Is401()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" }, TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("invalid-refresh-token", problem.GetProperty("type").GetString());
    }

    private static async Task<string> RefreshTokenOfNewSignInAsync(HttpClient client, string email)
    {
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = DemoDataSeeder.DefaultPassword }, TestContext.Current.CancellationToken);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refreshToken").GetString()!;
    }

    [Fact]
    public async Task Register_DoesNotExist()
    {
        var response = await _app.CreateClient().PostAsJsonAsync(
            "/api/v1/auth/register", new { email = "new@orga.example", password = DemoDataSeeder.DefaultPassword }, TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task ApiCall_WithOnlyTheSignInCookie_Is401()
    {
        var browser = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "admin@orga.example", DemoDataSeeder.DefaultPassword);

        var read = await browser.GetAsync("/api/v1/authorizations", TestContext.Current.CancellationToken);
        var write = await browser.PostAsJsonAsync($"/api/v1/authorizations/{Guid.NewGuid()}/reserve", new { units = 1 }, TestContext.Current.CancellationToken);

        await read.ProblemAsync(HttpStatusCode.Unauthorized);
        await write.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var document = await _app.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(document);
        var paths = json.RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/v1/authorizations/{id}/reserve", out _));
        Assert.All(["approve", "deny", "renew"], route => Assert.True(paths.TryGetProperty($"/api/v1/authorizations/{{id}}/{route}", out _), route));
        Assert.True(paths.TryGetProperty("/api/v1/appointments/series/{seriesId}/extend", out _));
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _));
        Assert.True(paths.TryGetProperty("/api/v1/integrity", out _));
        Assert.All(["note", "note/sign", "verify", "return"], route => Assert.True(paths.TryGetProperty($"/api/v1/appointments/{{id}}/{route}", out _), route));
        Assert.All(["case-supervisor", "billing"], route => Assert.True(paths.TryGetProperty($"/api/v1/patients/{{id}}/{route}", out _), route));
        Assert.All(["ready", "revenue", "batches", "batches/{id}.csv"], route => Assert.True(paths.TryGetProperty($"/api/v1/claims/{route}", out _), route));
    }
}
