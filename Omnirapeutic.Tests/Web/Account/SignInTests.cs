using System.Net;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Account;

public sealed class SignInTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ProtectedPage_WhenAnonymous_RedirectsToSignIn()
    {
        var client = _app.CreateBrowserClient();

        var response = await client.GetAsync("/patients", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithDemoCredentials_ReachesTheProtectedPage()
    {
        var client = _app.CreateBrowserClient();

        var signIn = await LoginForm.SubmitAsync(client, "bcba1@orga.example", DemoDataSeeder.DefaultPassword, "/patients");
        var page = await client.GetAsync("/patients", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/patients", signIn.Headers.Location.PathOnly());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("OrgA", html, StringComparison.Ordinal);
        Assert.Contains("ORGA-M0001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ORGB-M0001", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ShowsAnErrorAndStaysSignedOut()
    {
        var client = _app.CreateBrowserClient();

        var signIn = await LoginForm.SubmitAsync(client, "rbt1@orgb.example", "Not-the-password-1!");
        var html = await signIn.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var page = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("Invalid email or password.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task SignIn_AfterTheLockoutThresholdOfWrongPasswords_LocksTheAccountOut()
    {
        // No backoff before the threshold here: the throttle's waits have tests of their own on a fake clock.
        await using var app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres, settings: new Dictionary<string, string?>
        {
            ["SignIn:Throttle:FreeFailures"] = "5",
            ["SignIn:Throttle:LockoutAfter"] = "5",
        });
        var client = app.CreateBrowserClient();
        var responses = new List<HttpResponseMessage>();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            responses.Add(await LoginForm.SubmitAsync(client, "rbt4@orga.example", $"Wrong-password-{attempt}!"));
        }

        var withTheRightPassword = await LoginForm.SubmitAsync(client, "rbt4@orga.example", DemoDataSeeder.DefaultPassword);
        var lockoutPage = await client.GetStringAsync("/Account/Lockout", TestContext.Current.CancellationToken);

        Assert.All(responses.Take(4), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("/Account/Lockout", responses[4].Headers.Location.PathOnly());
        Assert.Equal("/Account/Lockout", withTheRightPassword.Headers.Location.PathOnly());
        Assert.Contains("locked after too many failed sign-in attempts", lockoutPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPage_ForAPractitioner_IsRefused()
    {
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, "rbt2@orga.example", DemoDataSeeder.DefaultPassword);

        var response = await client.GetAsync("/admin/users", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", response.Headers.Location.PathOnly());
        Assert.DoesNotContain("admin@orga.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPage_ForAnAdmin_ListsOnlyTheirOrganizationsUsers()
    {
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, "admin@orgb.example", DemoDataSeeder.DefaultPassword);

        var html = await client.GetStringAsync("/admin/users", TestContext.Current.CancellationToken);

        Assert.Contains("rbt1@orgb.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@orga.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, "admin@orgc.example", DemoDataSeeder.DefaultPassword);
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var token = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(home)
            .QuerySelector("form[action='Account/Logout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var signOut = await client.PostAsync(
            "/Account/Logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
            TestContext.Current.CancellationToken);
        var after = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal("/Account/Login", signOut.Headers.Location.PathOnly());
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutAnAntiforgeryToken_IsRefused()
    {
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, "admin@orgb.example", DemoDataSeeder.DefaultPassword);

        var signOut = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        var home = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
