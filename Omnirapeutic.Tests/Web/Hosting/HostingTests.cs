using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Hosting;

public sealed class HostingTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres, "Production");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_WhenTheDatabaseAnswers_IsHealthyJson(string path)
    {
        var response = await _app.CreateClient().GetAsync(path, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void WithNoCollectorConfigured_NothingIsTraced() => Assert.Null(_app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());

    [Fact]
    public async Task Ready_ChecksTheDatabase()
    {
        using var body = JsonDocument.Parse(await _app.CreateClient().GetStringAsync("/health/ready", TestContext.Current.CancellationToken));

        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task AnyPage_InProduction_CarriesTheSecurityHeaders()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://omni.example") });

        var response = await client.GetAsync("/Account/Login", TestContext.Current.CancellationToken);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_InProduction_RedirectsToHttps()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://omni.example") });

        var response = await client.GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://omni.example/Account/Login", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task ProbesAndTheScrape_InProduction_AnswerOverPlainHttp(string path)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://web:8080") });

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignInCookies_InProduction_AreSecureHttpOnlyAndStrict()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://omni.example") });

        var response = await LoginForm.SubmitAsync(client, "admin@orga.example", Core.DemoData.DemoDataSeeder.DefaultPassword);
        var authCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("omni.auth=", StringComparison.Ordinal));

        Assert.Contains("secure", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownPage_ShowsNotFoundWithoutDetails()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://omni.example") });

        var response = await client.GetAsync("/no/such/page", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
