using System.Net;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

[Collection(nameof(DatabaseRestarts))]
public sealed class DatabaseRestartApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ReadsAndWrites_AfterTheDatabaseRestarts_AnswerOrSay503_NeverFail()
    {
        var client = await _app.CreateApiClientAsync("admin@orga.example");
        var authorizations = await client.AuthorizationsAsync();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/api/v1/authorizations", TestContext.Current.CancellationToken)));

        await postgres.RestartAsync(new Npgsql.NpgsqlConnectionStringBuilder(_app.ConnectionString).Database!);
        var first = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => i % 2 == 0
            ? client.GetAsync("/api/v1/integrity", TestContext.Current.CancellationToken)
            : client.PostUnitsAsync(authorizations[i].Id, "reserve", 1)));

        foreach (var answer in first.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal("database-unavailable", (await answer.ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/integrity", TestContext.Current.CancellationToken)).StatusCode);
    }
}
