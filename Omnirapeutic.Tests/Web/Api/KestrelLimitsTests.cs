using System.Net;
using System.Net.Http.Json;
using System.Text;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Limits only a real server enforces, so the app runs on Kestrel on a free loopback port.</summary>
public sealed class KestrelLimitsTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartOnKestrelAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Reserve_WithAHugeBody_Is413ProblemDetailsAndChangesNothing()
    {
        var client = await _app.CreateApiClientAsync("admin@orga.example");
        var target = (await client.AuthorizationsAsync())[0];
        var body = "{\"units\":1,\"pad\":\"" + new string('x', 256 * 1024) + "\"}";

        var response = await client.PostAsync(
            $"/api/v1/authorizations/{target.Id}/reserve", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(target, await client.AuthorizationAsync(target.Id));
    }

    [Fact]
    public async Task Reserve_OverRealHttp_Works()
    {
        var client = await _app.CreateApiClientAsync("admin@orgc.example");
        var target = (await client.AuthorizationsAsync())[0];

        var response = await client.PostAsJsonAsync($"/api/v1/authorizations/{target.Id}/reserve", new { units = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(2, (await response.BalanceAsync()).ScheduledUnits);
    }
}
