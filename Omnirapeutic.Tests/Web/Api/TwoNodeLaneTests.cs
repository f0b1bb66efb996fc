using System.Net;
using System.Net.Http.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Two web nodes behind one database: the organization's lane holds across both.</summary>
public sealed class TwoNodeLaneTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _nodeA = null!;
    private OmnirapeuticWebApplicationFactory _nodeB = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.CreateMigratedDatabaseAsync();
        _nodeA = OmnirapeuticWebApplicationFactory.StartOnKestrel(database);
        _nodeB = OmnirapeuticWebApplicationFactory.StartOnKestrel(database);
    }

    public async ValueTask DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
    }

    [Fact]
    public async Task ConcurrentReservesSplitOverBothNodes_GrantExactlyTheTotal_AndNoneGivesUp()
    {
        var clinic = await DemoClinic.LoadAsync(_nodeA);
        var onB = await _nodeB.CreateApiClientAsync("admin@orga.example");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await clinic.Client.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId = clinic.PatientIds[0], serviceCode = "97153", authNumber = $"TWO-NODES-{Guid.NewGuid():N}"[..24],
            startDate = today.AddDays(-1), endDate = today.AddDays(30), totalUnits = 150,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var authorization = await created.BalanceAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? clinic.Client : onB).PostUnitsAsync(authorization.Id, "reserve", 1)));

        var statuses = answers.GroupBy(a => a.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.OK] = 150, [HttpStatusCode.Conflict] = 50 }, statuses);
        var balance = await clinic.Client.AuthorizationAsync(authorization.Id);
        Assert.Equal((150, 0), (balance.ScheduledUnits, balance.AvailableUnits));
        var integrity = await clinic.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/integrity", Ct);
        Assert.Equal(0, integrity.GetProperty("violations").GetArrayLength());
    }

    [Fact]
    public async Task TwentyConcurrentHourLongBookingsSplitOverBothNodes_OnAWeekLimitedTo8Units_BookExactlyTwo()
    {
        var clinic = await DemoClinic.LoadAsync(_nodeA);
        var onB = await _nodeB.CreateApiClientAsync("admin@orga.example");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await clinic.Client.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId = clinic.PatientIds[0], serviceCode = "97153", authNumber = $"TWO-NODES-{Guid.NewGuid():N}"[..24],
            startDate = today.AddDays(-1), endDate = today.AddDays(60), totalUnits = 200, limits = new { perWeek = 8 },
        }, Ct);
        var authorization = await created.BalanceAsync();
        var sunday = DemoClinic.NextWeekAt(8, days: 7 + ((7 - (int)DemoClinic.NextWeekAt(8).DayOfWeek) % 7));
        var starts = Enumerable.Range(1, 5).SelectMany(day => Enumerable.Range(0, 4).Select(hour => sunday.AddDays(day).AddHours(hour))).ToList();

        var answers = await Task.WhenAll(starts.Select((start, i) => (i % 2 == 0 ? clinic.Client : onB).PostAsJsonAsync("/api/v1/appointments", new
        {
            patientId = clinic.PatientIds[0], practitionerId = clinic.PractitionersByEmail["rbt1@orga.example"], authorizationId = authorization.Id, start, end = start.AddHours(1),
        }, Ct)));

        var statuses = answers.GroupBy(a => a.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.Created] = 2, [HttpStatusCode.Conflict] = 18 }, statuses);
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("limit-exceeded", (await refused.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        }

        Assert.Equal(8, (await clinic.Client.AuthorizationAsync(authorization.Id)).ScheduledUnits);
    }
}
