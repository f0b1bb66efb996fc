using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>One app for the class: every case books in a slot of its own.</summary>
public sealed class IdempotencyApp(PostgresServer postgres) : IAsyncLifetime
{
    private int _slot;

    public OmnirapeuticWebApplicationFactory App { get; private set; } = null!;

    internal DemoClinic Clinic { get; private set; } = null!;

    public HttpClient Practitioner { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        Clinic = await DemoClinic.LoadAsync(App);
        Practitioner = await App.CreateApiClientAsync("rbt1@orga.example");
    }

    /// <summary>A session of an hour on a day of its own, in the next weeks, for the case that needs one.</summary>
    public async Task<Guid> BookedSessionAsync()
    {
        var patient = Clinic.PatientIds[1];
        var start = DemoClinic.NextWeekAt(8, days: 7 + Interlocked.Increment(ref _slot));
        var response = await Clinic.BookAsync(patient, "rbt2@orga.example", Clinic.AuthorizationOf(patient, "97153").Id, start, 60);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class IdempotencyApiTests(IdempotencyApp fixture) : IClassFixture<IdempotencyApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DemoClinic Clinic => fixture.Clinic;

    /// <summary>Every write that takes a free-text field or a list, each with the longest value and one past it.</summary>
    public static TheoryData<string> LongFields =>
    [
        "cancel reason 457", "cancel reason 500", "cancel reason 501", "adjust reason 500", "adjust reason 2000", "void reason 500",
        "void reason 501", "create authNumber 50", "create authNumber 480", "series 1000 days", "reschedule far away",
    ];

    [Theory]
    [MemberData(nameof(LongFields))]
    public async Task Write_WithALongFieldAndAKey_IsAnsweredWithoutAServerErrorAndReplayed(string field)
    {
        var (path, body) = await RequestForAsync(field);
        var key = $"long-{Guid.NewGuid():N}";

        var first = await SendAsync(Clinic.Client, path, body, key);
        var repeat = await SendAsync(Clinic.Client, path, body, key);

        Assert.True((int)first.StatusCode < 500, $"{field}: {first.StatusCode} {await first.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(first.StatusCode, repeat.StatusCode);
        Assert.Equal(await IdentityOfAsync(first), await IdentityOfAsync(repeat));
    }

    [Fact]
    public async Task Reserve_WithAnotherUsersKeyAndBody_IsTheSendersOwnRequest()
    {
        var authorization = Clinic.AuthorizationOf(Clinic.PatientIds[2], "97153");
        var before = await Clinic.Client.AuthorizationAsync(authorization.Id);
        var key = $"shared-{Guid.NewGuid():N}";

        var admins = await Clinic.Client.PostUnitsAsync(authorization.Id, "reserve", 3, key);
        var practitioners = await fixture.Practitioner.PostUnitsAsync(authorization.Id, "reserve", 3, key);
        var practitionersRepeat = await fixture.Practitioner.PostUnitsAsync(authorization.Id, "reserve", 3, key);

        Assert.Equal(HttpStatusCode.OK, admins.StatusCode);
        Assert.Equal(before.ScheduledUnits + 6, (await practitioners.BalanceAsync()).ScheduledUnits);
        Assert.Equal(before.ScheduledUnits + 6, (await practitionersRepeat.BalanceAsync()).ScheduledUnits);
        Assert.Equal(before.ScheduledUnits + 6, (await Clinic.Client.AuthorizationAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task AdminChangesWithLongReasons_AmongConcurrentReserves_FailNoneOfThem()
    {
        var targets = Clinic.Authorizations.Take(10).ToList();
        var adjusted = Clinic.Authorizations[^3];
        var reason = new string('r', 500);

        var reserves = Enumerable.Range(0, 30).Select(i => Clinic.Client.PostUnitsAsync(targets[i % targets.Count].Id, "reserve", 1, $"burst-{Guid.NewGuid():N}"));
        var adjusts = Enumerable.Range(0, 3).Select(i => SendAsync(
            Clinic.Client, $"/api/v1/authorizations/{adjusted.Id}/adjust", new { totalUnits = adjusted.TotalUnits + i + 1, reason }, $"adjust-{Guid.NewGuid():N}"));
        var answers = await Task.WhenAll(reserves.Concat(adjusts));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Empty((await Clinic.Client.GetFromJsonAsync<JsonElement>("/api/v1/integrity", Ct)).GetProperty("violations").EnumerateArray());
    }

    private async Task<(string Path, object Body)> RequestForAsync(string field)
    {
        var patient = Clinic.PatientIds[4];
        var authorization = Clinic.AuthorizationOf(patient, "97153");
        return field switch
        {
            "cancel reason 457" or "cancel reason 500" or "cancel reason 501" =>
                ($"/api/v1/appointments/{await fixture.BookedSessionAsync()}/cancel", new { reason = new string('c', int.Parse(field[^3..])) }),
            "adjust reason 500" => ($"/api/v1/authorizations/{authorization.Id}/adjust", new { totalUnits = authorization.TotalUnits + 1, reason = new string('a', 500) }),
            "adjust reason 2000" => ($"/api/v1/authorizations/{authorization.Id}/adjust", new { totalUnits = authorization.TotalUnits + 2, reason = new string('a', 2000) }),
            "void reason 500" => ($"/api/v1/authorizations/{Clinic.Authorizations[^1].Id}/void", new { reason = new string('v', 500) }),
            "void reason 501" => ($"/api/v1/authorizations/{Clinic.Authorizations[^2].Id}/void", new { reason = new string('v', 501) }),
            "create authNumber 50" or "create authNumber 480" => ("/api/v1/authorizations", new
            {
                patientId = patient,
                serviceCode = "97153",
                authNumber = $"{Guid.NewGuid():N}{new string('n', int.Parse(field[^2..]) - 32)}",
                startDate = authorization.StartDate,
                endDate = authorization.EndDate,
                totalUnits = 20,
            }),
            "series 1000 days" => ("/api/v1/appointments/series", new
            {
                patientId = patient,
                practitionerId = Clinic.PractitionersByEmail["rbt4@orga.example"],
                authorizationId = authorization.Id,
                firstDate = DateOnly.FromDateTime(DemoClinic.NextWeekAt(6).DateTime),
                startTime = "06:00:00",
                durationMinutes = 30,
                days = Enumerable.Repeat("Monday", 1000),
                count = 2,
            }),
            _ => ($"/api/v1/appointments/{await fixture.BookedSessionAsync()}/reschedule", new
            {
                start = DemoClinic.NextWeekAt(9, days: 3000),
                end = DemoClinic.NextWeekAt(10, days: 3000),
            }),
        };
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, Ct);
    }

    /// <summary>What must repeat: a success's body, or a problem's type (its trace id differs per request).</summary>
    private static async Task<string> IdentityOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        return response.IsSuccessStatusCode ? body : JsonDocument.Parse(body).RootElement.GetProperty("type").GetString()!;
    }
}
