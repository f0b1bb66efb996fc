using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>An admin registers patients and creates sign-ins through the API, as a QA suite builds its own clinic.</summary>
public sealed class ClinicSetupApiTests(PostgresServer postgres) : IAsyncLifetime
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
    public async Task RegisterPatient_AnswersItsIdAndName_AndItsUsualPlaceIsWhereItsSessionsGo()
    {
        var memberId = $"API-{Guid.NewGuid():N}";

        var created = await _admin.PostAsJsonAsync("/api/v1/patients", new { firstName = " Robin ", lastName = "Okafor", dateOfBirth = "2019-03-14", memberId, usualPlaceOfService = "12" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var patient = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = patient.GetProperty("id").GetGuid();
        Assert.Equal("Robin Okafor", patient.GetProperty("name").GetString());
        Assert.Equal(["id", "name"], patient.EnumerateObject().Select(p => p.Name));
        Assert.Contains((await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/patients", Ct))!, p => p.GetProperty("id").GetGuid() == id);
        var authorization = await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId = id, serviceCode = "97153", authNumber = $"API-{Guid.NewGuid():N}"[..20], startDate = DemoClinic.NextWeekAt(9, days: -1).ToString("yyyy-MM-dd"),
            endDate = DemoClinic.NextWeekAt(9, days: 30).ToString("yyyy-MM-dd"), totalUnits = 40,
        }, Ct);
        var authorizationId = (await authorization.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var practitioners = await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct);
        var rbt = practitioners!.First(p => p.GetProperty("email").GetString() == "rbt1@orga.example").GetProperty("id").GetGuid();
        var start = DemoClinic.NextWeekAt(5);
        var booked = await _admin.PostAsJsonAsync("/api/v1/appointments", new { patientId = id, practitionerId = rbt, authorizationId, start, end = start.AddHours(1) }, Ct);
        Assert.Equal("12", (await booked.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("placeOfService").GetString());
    }

    [Fact]
    public async Task AScheduler_HasNoPractitionerProfile_BooksForAnyPractitioner_AndIsRefusedTheAdministration()
    {
        var email = $"desk-{Guid.NewGuid():N}@orga.example";
        var created = await _admin.PostAsJsonAsync("/api/v1/users", new { displayName = "Front Desk", email, password = DemoDataSeeder.DefaultPassword, role = "Scheduler" }, Ct);
        var desk = await _app.CreateApiClientAsync(email);
        var clinic = await DemoClinic.LoadAsync(_app, email);
        var patient = clinic.PatientIds[2];

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Scheduler", JsonValueKind.Null), (user.GetProperty("role").GetString(), user.GetProperty("practitionerId").ValueKind));
        var booked = await clinic.BookAsync(patient, "rbt2@orga.example", clinic.AuthorizationOf(patient, "97153").Id, DemoClinic.NextWeekAt(10, days: 9), 60);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var sessionId = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync($"/api/v1/appointments/{sessionId}/cancel", new { reason = "Moved by the front desk" }, Ct)).StatusCode);
        var authorization = clinic.AuthorizationOf(patient, "97153");
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync($"/api/v1/authorizations/{authorization.Id}/adjust", new { totalUnits = authorization.TotalUnits + 10, reason = "Not theirs" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync("/api/v1/users", new { displayName = "X", email = $"x-{Guid.NewGuid():N}@orga.example", password = DemoDataSeeder.DefaultPassword, role = "Admin" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync("/api/v1/integrity", Ct)).StatusCode);
        Assert.Equal(authorization.TotalUnits, (await _admin.AuthorizationAsync(authorization.Id)).TotalUnits);
    }

    public static TheoryData<string, HttpStatusCode, string> BadPatients => new()
    {
        { """{"firstName":"A","lastName":"B","dateOfBirth":"2099-01-01","memberId":"BAD-DOB"}""", HttpStatusCode.BadRequest, "invalid-date-of-birth" },
        { """{"firstName":"  ","lastName":"B","dateOfBirth":"2019-01-01","memberId":"BAD-NAME"}""", HttpStatusCode.BadRequest, "invalid-patient" },
        { """{"firstName":"A","lastName":"B","dateOfBirth":"2019-01-01","memberId":"BAD-PLACE","usualPlaceOfService":"99"}""", HttpStatusCode.BadRequest, "invalid-place-of-service" },
        { """{"firstName":"A","lastName":"B","dateOfBirth":"2019-01-01","memberId":"ORGA-M0001"}""", HttpStatusCode.Conflict, "duplicate-member-id" },
        { """{"firstName":"A","lastName":"B","memberId":"NO-DOB"}""", HttpStatusCode.BadRequest, "invalid-request" },
    };

    [Theory]
    [MemberData(nameof(BadPatients))]
    public async Task RegisterPatient_WithBadInput_IsAProblemAndAddsNobody(string body, HttpStatusCode status, string type)
    {
        var before = (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/patients", Ct))!.Count;

        var response = await _admin.PostAsync("/api/v1/patients", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(type, (await response.ProblemAsync(status)).GetProperty("type").GetString());
        Assert.Equal(before, (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/patients", Ct))!.Count);
    }

    [Fact]
    public async Task CreateUser_APractitionerSignsInAndIsBookable_AndAnAdminHasNoPractitionerProfile()
    {
        var email = $"api-{Guid.NewGuid():N}@orga.example";

        var created = await _admin.PostAsJsonAsync("/api/v1/users", new
        {
            displayName = "Noa P.", email, password = DemoDataSeeder.DefaultPassword, role = "Practitioner", firstName = "Noa", lastName = "Pereira", credential = "BCaBA",
        }, Ct);
        var admin = await _admin.PostAsJsonAsync("/api/v1/users", new { displayName = "Second Admin", email = $"api-{Guid.NewGuid():N}@orga.example", password = DemoDataSeeder.DefaultPassword, role = "Admin" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var practitionerId = user.GetProperty("practitionerId").GetGuid();
        Assert.Equal((email, "Practitioner", "BCaBA"), (user.GetProperty("email").GetString(), user.GetProperty("role").GetString(), user.GetProperty("credential").GetString()));
        Assert.DoesNotContain("password", user.EnumerateObject().Select(p => p.Name.ToLowerInvariant()));
        var listed = (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct))!.Single(p => p.GetProperty("id").GetGuid() == practitionerId);
        Assert.Equal(("Noa Pereira", email), (listed.GetProperty("name").GetString(), listed.GetProperty("email").GetString()));
        var practitioner = await _app.CreateApiClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await practitioner.GetAsync("/api/v1/patients", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, admin.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await admin.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("practitionerId").ValueKind);
    }

    public static TheoryData<string, HttpStatusCode, string> BadUsers => new()
    {
        { """{"displayName":"W","email":"weak-@@@orga.example","password":"short","role":"Admin"}""", HttpStatusCode.BadRequest, "invalid-password" },
        { """{"displayName":"T","email":"rbt1@orga.example","password":"@password","role":"Admin"}""", HttpStatusCode.Conflict, "duplicate-email" },
        { """{"displayName":"R","email":"role-@@@orga.example","password":"@password","role":"Owner"}""", HttpStatusCode.BadRequest, "invalid-role" },
        { """{"displayName":"C","email":"cred-@@@orga.example","password":"@password","role":"Practitioner","firstName":"C","lastName":"D"}""", HttpStatusCode.BadRequest, "invalid-practitioner" },
        { """{"displayName":"C","email":"cred-@@@orga.example","password":"@password","role":"Practitioner","firstName":"C","lastName":"D","credential":"Aide"}""", HttpStatusCode.BadRequest, "invalid-request" },
        { """{"displayName":"","email":"name-@@@orga.example","password":"@password","role":"Admin"}""", HttpStatusCode.BadRequest, "invalid-display-name" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public async Task CreateUser_WithBadInput_IsAProblemAndAddsNobody(string body, HttpStatusCode status, string type)
    {
        body = body.Replace("@@@", Guid.NewGuid().ToString("N"), StringComparison.Ordinal).Replace("@password", DemoDataSeeder.DefaultPassword, StringComparison.Ordinal);
        var email = JsonDocument.Parse(body).RootElement.GetProperty("email").GetString()!;
        var before = (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct))!.Count;

        var response = await _admin.PostAsync("/api/v1/users", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(type, (await response.ProblemAsync(status)).GetProperty("type").GetString());
        Assert.Equal(before, (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct))!.Count);
        if (status != HttpStatusCode.Conflict)
        {
            var login = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = DemoDataSeeder.DefaultPassword }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }
    }

    [Fact]
    public async Task Setup_ByAPractitioner_IsForbidden_AndAddsNothing()
    {
        var practitioner = await _app.CreateApiClientAsync("rbt1@orga.example");
        var email = $"api-{Guid.NewGuid():N}@orga.example";

        var patient = await practitioner.PostAsJsonAsync("/api/v1/patients", new { firstName = "A", lastName = "B", dateOfBirth = "2019-01-01", memberId = $"API-{Guid.NewGuid():N}" }, Ct);
        var user = await practitioner.PostAsJsonAsync("/api/v1/users", new { displayName = "Me Too", email, password = DemoDataSeeder.DefaultPassword, role = "Admin" }, Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (patient.StatusCode, user.StatusCode));
        var login = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = DemoDataSeeder.DefaultPassword }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }
}
