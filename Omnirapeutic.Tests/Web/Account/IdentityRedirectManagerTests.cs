using System.Net;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Account;

/// <summary>The sign-in form's return URL through the real form: a page of this site, or home; never elsewhere, never a 500.</summary>
public sealed class IdentityRedirectManagerTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("https://evil.example/x")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://[broken")]
    public async Task SignIn_WithAForeignReturnUrl_RedirectsHome(string returnUrl)
    {
        var response = await LoginForm.SubmitAsync(_app.CreateBrowserClient(), "bcba1@orga.example", DemoDataSeeder.DefaultPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("localhost", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.Host : "localhost");
        Assert.Equal("/", response.Headers.Location.PathOnly());
    }

    [Fact]
    public async Task SignIn_WithALocalReturnUrl_RedirectsThere()
    {
        var response = await LoginForm.SubmitAsync(_app.CreateBrowserClient(), "bcba1@orga.example", DemoDataSeeder.DefaultPassword, "/schedule");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/schedule", response.Headers.Location.PathOnly());
    }
}
