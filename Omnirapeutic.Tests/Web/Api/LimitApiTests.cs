using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Limits through the JSON API: on create and adjust, in the authorization's JSON, in previews and refusals.</summary>
public sealed class LimitApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;
    private DemoClinic _clinic = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _clinic = await DemoClinic.LoadAsync(_app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ALimitedAuthorization_ShowsItsLimits_RefusesABookingPastADay_AndAdjustsThem()
    {
        var client = _clinic.Client;
        var patientId = _clinic.PatientIds[0];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await client.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId, serviceCode = "97153", authNumber = "LIMITED-0001", startDate = today.AddDays(-1), endDate = today.AddDays(60), totalUnits = 100,
            limits = new { perDay = 4, perWeek = 8 },
        }, Ct);
        var createdJson = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var authorization = createdJson.GetProperty("id").GetGuid();
        var start = DemoClinic.NextWeekAt(9);

        var booked = await _clinic.BookAsync(patientId, "rbt1@orga.example", authorization, start, 60);
        var refused = await _clinic.BookAsync(patientId, "rbt1@orga.example", authorization, start.AddHours(2), 60);
        var preview = await client.PostAsJsonAsync("/api/v1/appointments/preview", new
        {
            patientId, practitionerId = _clinic.PractitionersByEmail["rbt1@orga.example"], authorizationId = authorization, start = start.AddHours(4), end = start.AddHours(5),
        }, Ct);
        var belowHeld = await client.PostAsJsonAsync($"/api/v1/authorizations/{authorization}/adjust", new { limits = new { perDay = 2 }, reason = "New contract" }, Ct);
        var adjusted = await client.PostAsJsonAsync($"/api/v1/authorizations/{authorization}/adjust", new { limits = new { perDay = 8 }, reason = "New contract" }, Ct);
        var reserved = await client.PostAsJsonAsync($"/api/v1/authorizations/{authorization}/reserve", new { units = 3, date = start.ToString("yyyy-MM-dd") }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var limits = createdJson.GetProperty("limits");
        Assert.Equal((4, 8, JsonValueKind.Null), (limits.GetProperty("perDay").GetInt32(), limits.GetProperty("perWeek").GetInt32(), limits.GetProperty("perMonth").ValueKind));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("limit-exceeded", problem.GetProperty("type").GetString());
        Assert.Equal($"{start:yyyy-MM-dd}: 4 of 4 units used or scheduled; this session needs 4.", problem.GetProperty("detail").GetString());
        var shown = await preview.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(
            ["Day 4->8 of 4", "Week 4->8 of 8"],
            shown.GetProperty("periods").EnumerateArray().Select(p => $"{p.GetProperty("kind").GetString()} {p.GetProperty("before").GetInt32()}->{p.GetProperty("after").GetInt32()} of {p.GetProperty("limit").GetInt32()}"));
        Assert.Equal("limit-exceeded", shown.GetProperty("conflicts")[0].GetProperty("code").GetString());
        Assert.Equal("limit-below-held", (await belowHeld.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        var after = (await adjusted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("limits");
        Assert.Equal((8, JsonValueKind.Null), (after.GetProperty("perDay").GetInt32(), after.GetProperty("perWeek").ValueKind));
        Assert.Equal(7, (await reserved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("scheduledUnits").GetInt32());
    }
}
