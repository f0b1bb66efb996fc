using System.Net;
using System.Net.Http.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary>
/// Forwarded headers count only from a configured proxy: a client that sends its own X-Forwarded-For gets no new
/// address for the sign-in limiter, and its X-Forwarded-Proto makes nothing look like HTTPS.
/// </summary>
public sealed class ForwardedHeadersTests(PostgresServer postgres)
{
    private const int PermitLimit = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInLimiter_WithForwardedForFromAnUntrustedPeer_CountsThePeersAddress()
    {
        await using var app = await StartAsync(trustedProxy: "10.9.9.9");

        var statuses = await LoginsAsync(app, attempt => $"203.0.113.{attempt}");

        Assert.Equal(PermitLimit, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.All(statuses.Skip(PermitLimit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task SignInLimiter_BehindATrustedProxy_CountsEachForwardedAddress()
    {
        await using var app = await StartAsync(trustedProxy: "127.0.0.1");

        var spread = await LoginsAsync(app, attempt => $"203.0.113.{attempt}");
        var oneClient = await LoginsAsync(app, _ => "198.51.100.7");

        Assert.All(spread, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(oneClient.Skip(PermitLimit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task SignInLimiter_BehindTwoTrustedProxies_CountsTheClientBeforeThem()
    {
        await using var app = await StartAsync(trustedProxy: "127.0.0.1", trustedNetwork: "10.0.0.0/8");

        var throughBoth = await LoginsAsync(app, attempt => $"203.0.113.{attempt}, 10.1.1.1");
        var spoofedBehindAStranger = await LoginsAsync(app, attempt => $"203.0.113.{attempt}, 192.0.2.1");

        Assert.All(throughBoth, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(spoofedBehindAStranger.Skip(PermitLimit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.9.9.9", false)]
    public async Task Cookies_WithForwardedProtoHttps_AreSecureOnlyFromATrustedProxy(string trustedProxy, bool secure)
    {
        await using var app = await StartAsync(trustedProxy);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        // Development marks cookies Secure exactly when the request is HTTPS; the sign-in page sets the antiforgery one.
        var page = await client.GetAsync("/Account/Login", Ct);

        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("omni.antiforgery=", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<OmnirapeuticWebApplicationFactory> StartAsync(string trustedProxy, string? trustedNetwork = null) =>
        OmnirapeuticWebApplicationFactory.StartOnKestrel(await postgres.CreateMigratedDatabaseAsync(), new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownNetworks:0"] = trustedNetwork,
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:Login:PermitLimit"] = $"{PermitLimit}",
            ["RateLimiting:Login:WindowSeconds"] = "600",
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = trustedProxy,
        });

    private static async Task<List<HttpStatusCode>> LoginsAsync(OmnirapeuticWebApplicationFactory app, Func<int, string> forwardedFor)
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= PermitLimit + 3; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
            {
                Content = JsonContent.Create(new { email = $"stranger-{attempt}@example.test", password = "Wrong-password-1!" }),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor(attempt));
            statuses.Add((await client.SendAsync(request, Ct)).StatusCode);
        }

        return statuses;
    }
}
