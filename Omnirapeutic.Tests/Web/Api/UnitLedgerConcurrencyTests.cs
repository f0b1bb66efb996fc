using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>The seed report's scenarios in miniature, through the real API on real PostgreSQL.</summary>
public sealed class UnitLedgerConcurrencyTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FiftyConcurrentReservesOfTen_OnFiftyUnits_ExactlyFiveSucceed()
    {
        var client = await _app.CreateApiClientAsync("admin@orga.example");
        var authorization = (await client.AuthorizationsAsync()).First(a => a.TotalUnits == 50);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.PostUnitsAsync(authorization.Id, "reserve", 10))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(45, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("insufficient-units", (await refused.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        }

        var after = await client.AuthorizationAsync(authorization.Id);
        Assert.Equal((50, 0), (after.ScheduledUnits, after.AvailableUnits));
        Assert.Equal(5, await CountLedgerAsync(authorization.Id, "Reserve"));
        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task TwoHundredConcurrentReserves_SpreadOverAll55Authorizations_KeepTheInvariant()
    {
        var clients = await Task.WhenAll(new[] { "admin@orga.example", "admin@orgb.example", "admin@orgc.example" }.Select(_app.CreateApiClientAsync));
        var targets = (await Task.WhenAll(clients.Select(async c => (await c.AuthorizationsAsync()).Select(a => (Client: c, a.Id))))).SelectMany(t => t).ToList();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
        {
            var (client, id) = targets[i % targets.Count];
            return Task.Run(() => client.PostUnitsAsync(id, "reserve", 1 + (i % 7)));
        }));

        Assert.Equal(55, targets.Count);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"Unexpected {(int)r.StatusCode}"));
        Assert.Equal(responses.Count(r => r.StatusCode == HttpStatusCode.OK), await CountLedgerAsync(null, "Reserve"));
        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task ConcurrentMixOfReserveReleaseConsume_KeepsCountersEqualToTheLedger()
    {
        var client = await _app.CreateApiClientAsync("admin@orga.example");
        var authorizations = await client.AuthorizationsAsync();
        foreach (var a in authorizations)
        {
            (await client.PostUnitsAsync(a.Id, "reserve", 10)).EnsureSuccessStatusCode();
        }

        var random = new Random(20261127);
        var plan = Enumerable.Range(0, 300).Select(_ =>
        {
            var roll = random.Next(100);
            var operation = roll < 70 ? "reserve" : roll < 90 ? "release" : "consume";
            return (Operation: operation, authorizations[random.Next(authorizations.Count)].Id, Units: 1 + random.Next(4));
        }).ToList();

        var responses = await Task.WhenAll(plan.Select(p => Task.Run(async () => (p.Operation, Response: await client.PostUnitsAsync(p.Id, p.Operation, p.Units)))));

        Assert.All(responses, r => Assert.True(r.Response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"Unexpected {(int)r.Response.StatusCode}"));
        foreach (var (operation, kind) in new[] { ("reserve", "Reserve"), ("release", "Release"), ("consume", "Consume") })
        {
            var succeeded = responses.Count(r => r.Operation == operation && r.Response.StatusCode == HttpStatusCode.OK);
            var setUp = operation == "reserve" ? authorizations.Count : 0;
            Assert.Equal(succeeded + setUp, await CountLedgerAsync(null, kind));
        }

        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task FiftyClientsOnOneHotAuthorization_AllSucceedWithoutGivingUp()
    {
        var client = await _app.CreateApiClientAsync("admin@orgb.example");
        var hot = (await client.AuthorizationsAsync()).First(a => a.TotalUnits == 1000);

        // This app's own meter only: /metrics would also show other apps of this test process.
        using var giveUps = new MetricRecorder(_app.Services, "omnirapeutic.transaction.give_ups");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                statuses.Add((await client.PostUnitsAsync(hot.Id, "reserve", 1)).StatusCode);
            }

            return statuses;
        })));

        Assert.All(responses.SelectMany(s => s), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(250, (await client.AuthorizationAsync(hot.Id)).ScheduledUnits);
        Assert.Equal(0, giveUps.Total);
        var metrics = await _app.CreateClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("omnirapeutic_unit_operations_total{", metrics, StringComparison.Ordinal);
    }

    private async Task<long> CountLedgerAsync(Guid? authorizationId, string kind)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM unit_ledger_entries WHERE kind = @kind AND (@id::uuid IS NULL OR authorization_id = @id)", connection);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", (object?)authorizationId ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task AssertIntegrityAsync()
    {
        var violations = await _app.Services.GetRequiredService<IntegrityCheck>().FindViolationsAsync(null, TestContext.Current.CancellationToken);
        Assert.Empty(violations);
    }
}
