using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>
/// A stranger learns nothing from the sign-in answers and cannot lock an account in a few requests: the throttle, on
/// a fake clock here, answers an address with an account exactly as one without.
/// </summary>
public sealed class SignInThrottleApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private OmnirapeuticWebApplicationFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres, services: services => services.AddSingleton(provider => new SignInThrottle(
            provider.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>(), provider.GetRequiredService<IOptions<SignInThrottleOptions>>(), _clock)));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Login_ForAnUnknownAddress_AnswersEveryAttemptAsForAKnownOne()
    {
        var known = await AnswersToWrongPasswordsAsync("rbt2@orga.example");
        var unknown = await AnswersToWrongPasswordsAsync("nobody-here@orga.example");

        Assert.Equal(known, unknown);
        Assert.Equal("401 locked-out", known[^1]);
        Assert.Contains("429 sign-in-throttled", known);
        Assert.Equal(Policy.LockoutAfter, known.Count(a => a.StartsWith("401", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Login_DuringTheBackoff_Is429WithRetryAfterAndTheRightPasswordWaitsToo()
    {
        var client = _app.CreateClient();
        for (var i = 0; i < Policy.FreeFailures; i++)
        {
            await LoginAsync(client, "rbt3@orga.example", "Wrong-password-1!");
        }

        var waiting = await LoginAsync(client, "rbt3@orga.example", DemoDataSeeder.DefaultPassword);
        _clock.Advance(Policy.FirstDelay);
        var afterTheWait = await LoginAsync(client, "rbt3@orga.example", DemoDataSeeder.DefaultPassword);

        Assert.Equal("sign-in-throttled", (await waiting.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("type").GetString());
        Assert.Equal("1", waiting.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, afterTheWait.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutWaitingOutTheBackoff_NeverReachesTheLockout()
    {
        var client = _app.CreateClient();
        var free = Policy.FreeFailures;
        var rejectedWithoutACheck = 0;
        for (var i = 0; i < Policy.LockoutAfter * 3; i++)
        {
            var answer = await LoginAsync(client, "bcba2@orga.example", "Wrong-password-1!");
            rejectedWithoutACheck += answer.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        var canStillSignIn = await LoginAsync(client, "bcba2@orga.example", DemoDataSeeder.DefaultPassword);

        Assert.Equal(Policy.LockoutAfter * 3 - free, rejectedWithoutACheck);
        Assert.Equal("sign-in-throttled", (await canStillSignIn.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("type").GetString());
        _clock.Advance(Policy.FirstDelay);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "bcba2@orga.example", DemoDataSeeder.DefaultPassword)).StatusCode);
    }

    [Fact]
    public async Task Login_ToAnAccountAnAdminLocked_TellsOnlyTheRightPassword()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = (await users.FindByEmailAsync("admin@orgc.example"))!;
            var rbt = (await users.FindByEmailAsync("rbt1@orgc.example"))!;
            await _app.Services.GetRequiredService<UserAdministration>().LockAsync(new Actor(admin.OrganizationId, admin.Id), rbt.Id, Ct);
        }

        var client = _app.CreateClient();

        var wrong = await LoginAsync(client, "rbt1@orgc.example", "Wrong-password-1!");
        var right = await LoginAsync(client, "rbt1@orgc.example", DemoDataSeeder.DefaultPassword);

        Assert.Equal("invalid-credentials", (await wrong.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString());
        Assert.Equal("locked-out", (await right.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString());
    }

    private SignInThrottleOptions Policy => _app.Services.GetRequiredService<IOptions<SignInThrottleOptions>>().Value;

    /// <summary>Wrong passwords until the lockout, each tried once during its backoff and again once it passed.</summary>
    private async Task<List<string>> AnswersToWrongPasswordsAsync(string email)
    {
        var client = _app.CreateClient();
        var answers = new List<string>();
        while (answers.LastOrDefault() != "401 locked-out")
        {
            var response = await LoginAsync(client, email, "Wrong-password-1!");
            var type = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("type").GetString();
            answers.Add($"{(int)response.StatusCode} {type}");
            if (response.Headers.RetryAfter?.Delta is { } wait)
            {
                _clock.Advance(wait);
            }

            Assert.True(answers.Count < 100, "The lockout never came.");
        }

        return answers;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);
}
