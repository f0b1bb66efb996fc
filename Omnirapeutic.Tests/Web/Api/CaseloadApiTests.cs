using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Caseload access through the API: an admin turns it on, and a practitioner's reads and bookings stop at their caseload.</summary>
public sealed class CaseloadApiTests(PostgresServer postgres) : IAsyncLifetime
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

    [Theory]
    [InlineData(new[] { Roles.Practitioner }, true)]
    [InlineData(new[] { Roles.Practitioner, Roles.Admin }, false)]
    [InlineData(new[] { Roles.Practitioner, Roles.Scheduler }, false)]
    [InlineData(new[] { Roles.Scheduler }, false)]
    public void ToActor_LimitsOnlyAPractitionerWhoIsNeitherAdminNorFrontDesk(string[] roles, bool caseloadOnly)
    {
        var claims = new List<Claim> { new(OmnirapeuticClaimTypes.OrganizationId, Guid.NewGuid().ToString()), new(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));

        Assert.Equal(caseloadOnly, new ClaimsPrincipal(new ClaimsIdentity(claims, "test")).ToActor().CaseloadOnly);
    }

    [Fact]
    public async Task WithCaseloadAccessOn_APractitionerReadsAndBooksOnlyTheirClients_UntilASessionPutsTheClientOnIt()
    {
        var turnedOn = await _admin.PutAsJsonAsync("/api/v1/organization/security", new { caseloadAccess = true }, Ct);
        Assert.True((await turnedOn.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("caseloadAccess").GetBoolean());
        var (client, authorizationId) = await NewClientAsync();
        var rbt = await _app.CreateApiClientAsync("rbt1@orga.example");
        var rbtId = (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct))!
            .First(p => p.GetProperty("email").GetString() == "rbt1@orga.example").GetProperty("id").GetGuid();
        var start = DemoClinic.NextWeekAt(5, days: 8);
        var session = new { patientId = client, practitionerId = rbtId, authorizationId, start, end = start.AddHours(1) };

        Assert.DoesNotContain(await IdsAsync(rbt, "/api/v1/patients"), id => id == client);
        Assert.Contains(await IdsAsync(_admin, "/api/v1/patients"), id => id == client);
        Assert.Equal(HttpStatusCode.NotFound, (await rbt.GetAsync($"/api/v1/patients/{client}/availability", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rbt.GetAsync($"/api/v1/authorizations?patientId={client}", Ct)).StatusCode);
        Assert.DoesNotContain(await IdsAsync(rbt, "/api/v1/authorizations"), id => id == authorizationId);
        Assert.Equal(HttpStatusCode.NotFound, (await rbt.PostAsJsonAsync("/api/v1/appointments", session, Ct)).StatusCode);

        (await _admin.PostAsJsonAsync("/api/v1/appointments", session, Ct)).EnsureSuccessStatusCode();

        Assert.Contains(await IdsAsync(rbt, "/api/v1/patients"), id => id == client);
        Assert.Equal(HttpStatusCode.OK, (await rbt.GetAsync($"/api/v1/patients/{client}/availability", Ct)).StatusCode);
    }

    private async Task<(Guid Client, Guid AuthorizationId)> NewClientAsync()
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/patients", new { firstName = "Casey", lastName = "Load", dateOfBirth = "2019-03-14", memberId = $"API-{Guid.NewGuid():N}" }, Ct);
        var client = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var authorization = await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId = client, serviceCode = "97153", authNumber = $"API-{Guid.NewGuid():N}"[..20], startDate = DemoClinic.NextWeekAt(9, days: -1).ToString("yyyy-MM-dd"),
            endDate = DemoClinic.NextWeekAt(9, days: 30).ToString("yyyy-MM-dd"), totalUnits = 40,
        }, Ct);
        return (client, (await authorization.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid());
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<List<JsonElement>>(path, Ct))!.Select(e => e.GetProperty("id").GetGuid())];
}
