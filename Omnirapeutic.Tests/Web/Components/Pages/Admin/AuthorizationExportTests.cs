using System.Net;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

public sealed class AuthorizationExportTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Header = "Auth number,Patient,Service code,Start date,End date,Total units,Used units,Scheduled units,Available units,Status";

    private OmnirapeuticWebApplicationFactory _app = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Export_ForAnAdmin_WritesAHeaderAndOneRowPerAuthorizationOfTheirOrganization()
    {
        var expected = await AuthNumbersAsync("admin@orgb.example");
        var client = await SignedInAsync("admin@orgb.example");

        var response = await client.GetAsync("/admin/authorizations.csv", Cancellation);
        var lines = Lines(await response.Content.ReadAsStringAsync(Cancellation));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("authorizations.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(Header, lines[0]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Matches(@"^[^,]+,[^,]+,9715\d,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},\d+,0,0,\d+,Active$", lines[1]);
    }

    [Fact]
    public async Task Export_WithAServiceCodeFilter_WritesOnlyThatCode()
    {
        var client = await SignedInAsync("admin@orgb.example");

        var lines = Lines(await client.GetStringAsync("/admin/authorizations.csv?code=97153&sort=PatientName", Cancellation));

        Assert.Equal(6, lines.Count);
        Assert.All(lines.Skip(1), l => Assert.Equal("97153", l.Split(',')[2]));
    }

    [Theory]
    [InlineData("status=Bogus")]
    [InlineData("status=99")]
    [InlineData("sort=Bogus")]
    [InlineData("sort=99")]
    [InlineData("expiring=maybe")]
    [InlineData("low=maybe")]
    [InlineData("desc=maybe")]
    public async Task Export_WithABadFilterValue_Is400ProblemWithoutDetailsOfTheRequest(string filter)
    {
        var client = await SignedInAsync("admin@orgb.example");

        var response = await client.GetAsync($"/admin/authorizations.csv?{filter}", Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.DoesNotContain("omni.auth", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ForAPractitioner_IsRefused()
    {
        var client = await SignedInAsync("rbt1@orgb.example");

        var response = await client.GetAsync("/admin/authorizations.csv", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", response.Headers.Location.PathOnly());
    }

    [Fact]
    public async Task Export_WhenSignedOut_RedirectsToSignIn()
    {
        var response = await _app.CreateBrowserClient().GetAsync("/admin/authorizations.csv", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location.PathOnly());
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(client, email, DemoDataSeeder.DefaultPassword);
        return client;
    }

    private async Task<List<string>> AuthNumbersAsync(string email)
    {
        var api = await _app.CreateApiClientAsync(email);
        using var list = JsonDocument.Parse(await api.GetStringAsync("/api/v1/authorizations", Cancellation));
        return [.. list.RootElement.EnumerateArray().Select(a => a.GetProperty("authNumber").GetString()!)];
    }

    private static List<string> Lines(string csv) => [.. csv.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries)];
}
