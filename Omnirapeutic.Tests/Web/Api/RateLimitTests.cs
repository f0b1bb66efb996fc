using System.Net;
using System.Net.Http.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

public sealed class RateLimitTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres, settings: new Dictionary<string, string?>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:Api:PermitLimit"] = "3",
        ["RateLimiting:Login:PermitLimit"] = "2",
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Api_BeyondTheUsersLimit_Answers429WithRetryAfter()
    {
        var client = await _app.CreateApiClientAsync("admin@orga.example");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.GetAsync("/api/v1/authorizations", TestContext.Current.CancellationToken));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var problem = await answers[3].ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate-limited", problem.GetProperty("type").GetString());
        Assert.True(int.Parse(answers[3].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task Login_BeyondTheAddressLimit_Answers429EvenWithTheRightPassword()
    {
        var client = _app.CreateClient();
        var body = new { email = "admin@orgb.example", password = DemoDataSeeder.DefaultPassword };

        var first = await client.PostAsJsonAsync("/api/v1/auth/login", body, TestContext.Current.CancellationToken);
        var second = await client.PostAsJsonAsync("/api/v1/auth/login", body with { password = "Wrong-password-1!" }, TestContext.Current.CancellationToken);
        var third = await client.PostAsJsonAsync("/api/v1/auth/login", body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        await third.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(third.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task SignInForm_BeyondTheAddressLimit_IsRefusedButThePageStillShows()
    {
        var browser = _app.CreateBrowserClient();

        await LoginForm.SubmitAsync(browser, "rbt1@orgc.example", "Wrong-password-1!");
        await LoginForm.SubmitAsync(browser, "rbt1@orgc.example", "Wrong-password-2!");
        var third = await LoginForm.SubmitAsync(browser, "rbt1@orgc.example", DemoDataSeeder.DefaultPassword);
        var page = await browser.GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("Too many attempts", await third.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
