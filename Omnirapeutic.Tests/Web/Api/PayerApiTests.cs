using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

public sealed class PayerApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _admin = await _app.CreateApiClientAsync("admin@orga.example");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_ShowsTheDemoPayersWithTheContractsFields_AndEveryAuthorizationBelongsToOne()
    {
        var practitioner = await _app.CreateApiClientAsync("rbt1@orga.example");

        var payers = (await practitioner.GetFromJsonAsync<List<JsonElement>>("/api/v1/payers", Ct))!;

        Assert.Equal(["Medicaid", "Commercial PPO", "TRICARE"], payers.Select(p => p.GetProperty("name").GetString()));
        string[] fields = ["id", "name", "roundingRule", "concurrentCodePairs", "allowsTelehealth", "weekStartsOn", "supervisionSharePercent", "fees", "credentialModifiers", "renewalLeadDays", "isDefault"];
        Assert.All(payers, p => Assert.All(fields, f => Assert.True(p.TryGetProperty(f, out _), $"missing {f}")));
        var medicaid = payers[0];
        Assert.Equal(("Cms8Minute", true, "Sunday"), (medicaid.GetProperty("roundingRule").GetString(), medicaid.GetProperty("isDefault").GetBoolean(), medicaid.GetProperty("weekStartsOn").GetString()));
        Assert.Equal("[[\"97155\",\"97153\"]]", medicaid.GetProperty("concurrentCodePairs").GetRawText());
        Assert.Equal(0, payers[2].GetProperty("concurrentCodePairs").GetArrayLength());
        Assert.Equal("""{"BCBA":"HO","BCaBA":"HN","RBT":"HM"}""", JsonSerializer.Serialize(medicaid.GetProperty("credentialModifiers").EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal).ToDictionary(m => m.Name, m => m.Value.GetString())));
        var ids = payers.Select(p => p.GetProperty("id").GetGuid()).ToHashSet();
        var authorizations = await _admin.AuthorizationsAsync();
        Assert.All(authorizations, a => Assert.Contains(a.PayerId, ids));
        Assert.Equal(3, authorizations.Select(a => a.PayerId).Distinct().Count());
    }

    [Fact]
    public async Task Create_WithOnlyAName_TakesTheDefaults_AndPutReplacesTheTerms()
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/payers", new { name = "  Sunrise Health  " }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var payer = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = payer.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/payers/{id}", created.Headers.Location.PathOnly());
        Assert.Equal(("Sunrise Health", "Midpoint", false), (payer.GetProperty("name").GetString(), payer.GetProperty("roundingRule").GetString(), payer.GetProperty("isDefault").GetBoolean()));
        Assert.Equal(5m, payer.GetProperty("supervisionSharePercent").GetDecimal());

        var changed = await _admin.PutAsJsonAsync($"/api/v1/payers/{id}", new
        {
            name = "Sunrise Health",
            roundingRule = "Full15",
            concurrentCodePairs = Array.Empty<string[]>(),
            allowsTelehealth = false,
            weekStartsOn = "Monday",
            supervisionSharePercent = 10,
            fees = new Dictionary<string, decimal> { ["97153"] = 16.25m },
            credentialModifiers = new Dictionary<string, string> { ["RBT"] = "HN" },
            renewalLeadDays = 45,
            timelyFilingDays = 180,
            requiresCaregiverSignature = true,
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var now = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/payers/{id}", Ct);
        Assert.Equal(("Full15", "Monday", false, 10m), (now.GetProperty("roundingRule").GetString(), now.GetProperty("weekStartsOn").GetString(), now.GetProperty("allowsTelehealth").GetBoolean(), now.GetProperty("supervisionSharePercent").GetDecimal()));
        Assert.Equal(16.25m, now.GetProperty("fees").GetProperty("97153").GetDecimal());
        Assert.Equal("""{"RBT":"HN"}""", now.GetProperty("credentialModifiers").GetRawText());
        Assert.Equal(3, payer.GetProperty("credentialModifiers").EnumerateObject().Count());
        Assert.Equal((60, 45), (payer.GetProperty("renewalLeadDays").GetInt32(), now.GetProperty("renewalLeadDays").GetInt32()));
        Assert.Equal((90, false), (payer.GetProperty("timelyFilingDays").GetInt32(), payer.GetProperty("requiresCaregiverSignature").GetBoolean()));
        Assert.Equal((180, true), (now.GetProperty("timelyFilingDays").GetInt32(), now.GetProperty("requiresCaregiverSignature").GetBoolean()));
    }

    public static TheoryData<string, string> BadPayers => new()
    {
        { """{"roundingRule":"Midpoint"}""", "a payer without a name" },
        { """{"name":"X","concurrentCodePairs":[["97155","97153","97151"]]}""", "a pair of three codes" },
        { """{"name":"X","concurrentCodePairs":[["97155","12345"]]}""", "an unknown code" },
        { """{"name":"X","supervisionSharePercent":3}""", "supervision below the BACB's 5 %" },
        { """{"name":"X","roundingRule":"Sometimes"}""", "an unknown rounding rule" },
        { """{"name":"X","weekStartsOn":"Someday"}""", "an unknown day" },
        { """{"name":"X","fees":{"97153":-5}}""", "a negative fee" },
        { """{"name":"Medicaid"}""", "a name already in use" },
        { """{"name":"X","credentialModifiers":{"RBT":"HX"}}""", "a modifier that is none" },
        { """{"name":"X","credentialModifiers":{"Aide":"HM"}}""", "a credential that is none" },
        { """{"name":"X","credentialModifiers":{"rbt":"HM"}}""", "a credential spelled otherwise" },
        { """{"name":"X","renewalLeadDays":-1}""", "a renewal due after the end" },
        { """{"name":"X","renewalLeadDays":400}""", "a renewal due more than a year ahead" },
        { """{"name":"X","timelyFilingDays":0}""", "no days to file a claim" },
        { """{"name":"X","timelyFilingDays":731}""", "more than two years to file a claim" },
    };

    [Theory]
    [MemberData(nameof(BadPayers))]
    public async Task Create_WithBadInput_IsAProblemAndAddsNothing(string body, string what)
    {
        var response = await _admin.PostAsync("/api/v1/payers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{what}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/payers", Ct))!.Count);
    }

    [Fact]
    public async Task Writes_ByAPractitioner_AreForbidden_AndAnotherOrganizationsPayerIsNotFound()
    {
        var practitioner = await _app.CreateApiClientAsync("rbt1@orga.example");
        var other = await _app.CreateApiClientAsync("admin@orgb.example");
        var theirs = (await other.GetFromJsonAsync<List<JsonElement>>("/api/v1/payers", Ct))![0].GetProperty("id").GetGuid();
        var mine = (await _admin.AuthorizationsAsync())[0];

        var forbidden = await practitioner.PostAsJsonAsync("/api/v1/payers", new { name = "Mine" }, Ct);
        var get = await _admin.GetAsync($"/api/v1/payers/{theirs}", Ct);
        var put = await _admin.PutAsJsonAsync($"/api/v1/payers/{theirs}", new { name = "Taken over" }, Ct);
        var authorization = await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId = mine.PatientId, serviceCode = "97153", authNumber = "PAYER-OF-ORGB", startDate = "2027-01-01", endDate = "2027-06-30", totalUnits = 40, payerId = theirs,
        }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, put.StatusCode, authorization.StatusCode));
        Assert.DoesNotContain(await _admin.AuthorizationsAsync(), a => a.AuthNumber == "PAYER-OF-ORGB");
        Assert.NotEqual("Taken over", (await other.GetFromJsonAsync<List<JsonElement>>("/api/v1/payers", Ct))![0].GetProperty("name").GetString());
    }
}
