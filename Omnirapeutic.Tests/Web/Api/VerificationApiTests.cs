using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>
/// Verification through the API: an admin assigns the client's case supervisor, the BCBA verifies the documented
/// session or sends it back with a reason; its practitioner, other practitioners and bad input are refused and change
/// nothing.
/// </summary>
public sealed class VerificationApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Rbt = "rbt1@orga.example";
    private const string Bcba = "bcba1@orga.example";

    private OmnirapeuticWebApplicationFactory _app = null!;
    private DemoClinic _clinic = null!;
    private HttpClient _rbt = null!;
    private HttpClient _bcba = null!;
    private Guid _patient;
    private Guid _session;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _clinic = await DemoClinic.LoadAsync(_app);
        _rbt = await _app.CreateApiClientAsync(Rbt);
        _bcba = await _app.CreateApiClientAsync(Bcba);
        _patient = _clinic.PatientIds[0];
        var start = DemoClinic.NextWeekAt(7, days: -3);
        var booked = await _clinic.BookAsync(_patient, Rbt, _clinic.AuthorizationOf(_patient, "97153").Id, start, 60);
        _session = (await booked.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        (await _clinic.Client.PostAsJsonAsync($"/api/v1/appointments/{_session}/complete", new { actualStart = start, actualEnd = start.AddHours(1) }, Ct))
            .EnsureSuccessStatusCode();
        var note = new { password = DemoDataSeeder.DefaultPassword, goalsAddressed = "Manding", narrative = "Ten trials of manding with a delay." };
        (await _rbt.PostAsJsonAsync($"/api/v1/appointments/{_session}/note/sign", note, Ct)).EnsureSuccessStatusCode();
        (await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{await PractitionerIdAsync(Rbt)}/npi", new { npi = TestNpi.Next() }, Ct)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheCaseSupervisor_Verifies_AndTheSessionReadsVerified()
    {
        var beforeAssigned = await _bcba.PostAsync(Verify, null, Ct);
        var assigned = await _clinic.Client.PutAsJsonAsync(CaseSupervisor, new { practitionerId = await PractitionerIdAsync(Bcba) }, Ct);
        var byRenderer = await _rbt.PostAsync(Verify, null, Ct);
        var verified = await _bcba.PostAsync(Verify, null, Ct);
        var twice = await _bcba.PostAsync(Verify, null, Ct);

        Assert.Equal("not-reviewer", (await beforeAssigned.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NoContent, assigned.StatusCode);
        Assert.Equal("own-session", (await byRenderer.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var body = await verified.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Verified", body.GetProperty("sessionStatus").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("verifiedAt").ValueKind);
        Assert.Equal("appointment-not-documented", (await twice.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal("Verified", (await _rbt.GetFromJsonAsync<JsonElement>($"/api/v1/appointments/{_session}/note", Ct)).GetProperty("sessionStatus").GetString());
    }

    [Fact]
    public async Task AnAdmin_SendsItBack_WithAReason_AndABlankOneIsA400()
    {
        var blank = await _clinic.Client.PostAsJsonAsync(Return, new { reason = " " }, Ct);
        var missing = await _clinic.Client.PostAsJsonAsync(Return, new { }, Ct);
        var malformed = await _clinic.Client.PostAsync(Return, new StringContent("""{"reason":7}""", Encoding.UTF8, "application/json"), Ct);
        var sent = await _clinic.Client.PostAsJsonAsync(Return, new { reason = "Name the prompts used." }, Ct);

        Assert.All([blank, missing], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal("invalid-reason", (await blank.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        await malformed.ProblemAsync(HttpStatusCode.BadRequest);
        var body = await sent.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Documented", true), (body.GetProperty("sessionStatus").GetString(), body.GetProperty("awaitingCorrection").GetBoolean()));
        Assert.Equal("Name the prompts used.", body.GetProperty("returns")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task OnlyAnAdmin_AssignsTheCaseSupervisor_AndOnlyABcbaIsOne()
    {
        var rbtAsSupervisor = await _clinic.Client.PutAsJsonAsync(CaseSupervisor, new { practitionerId = await PractitionerIdAsync(Rbt) }, Ct);
        var byPractitioner = await _bcba.PutAsJsonAsync(CaseSupervisor, new { practitionerId = await PractitionerIdAsync(Bcba) }, Ct);
        var unknownPatient = await _clinic.Client.PutAsJsonAsync($"/api/v1/patients/{Guid.NewGuid()}/case-supervisor", new { practitionerId = (Guid?)null }, Ct);

        Assert.Equal("case-supervisor-not-bcba", (await rbtAsSupervisor.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byPractitioner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPatient.StatusCode);
        Assert.Equal("not-reviewer", (await (await _bcba.PostAsync(Verify, null, Ct)).ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
    }

    private string Verify => $"/api/v1/appointments/{_session}/verify";

    private string Return => $"/api/v1/appointments/{_session}/return";

    private string CaseSupervisor => $"/api/v1/patients/{_patient}/case-supervisor";

    private async Task<Guid> PractitionerIdAsync(string email)
    {
        var practitioners = await _clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct);
        return practitioners!.Single(p => p.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
    }
}
