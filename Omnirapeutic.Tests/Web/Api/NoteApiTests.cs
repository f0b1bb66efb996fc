using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>
/// A session's note through the API: the rendering practitioner drafts it, signs it with their password (a wrong one
/// changes nothing), and the session reads Documented; admins read it, other practitioners may not; addenda are signed.
/// </summary>
public sealed class NoteApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Rbt = "rbt1@orga.example";

    private static readonly object Written = new
    {
        goalsAddressed = "Manding",
        clientResponse = "Engaged",
        nextSteps = "Fade prompts",
        narrative = "Ten trials of manding with a delay.",
    };

    private OmnirapeuticWebApplicationFactory _app = null!;
    private DemoClinic _clinic = null!;
    private HttpClient _rbt = null!;
    private Guid _session;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _clinic = await DemoClinic.LoadAsync(_app);
        _rbt = await _app.CreateApiClientAsync(Rbt);
        var patient = _clinic.PatientIds[0];
        var start = DemoClinic.NextWeekAt(7, days: -3);
        var booked = await _clinic.BookAsync(patient, Rbt, _clinic.AuthorizationOf(patient, "97153").Id, start, 60);
        _session = (await booked.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        (await _clinic.Client.PostAsJsonAsync($"/api/v1/appointments/{_session}/complete", new { actualStart = start, actualEnd = start.AddHours(1) }, Ct))
            .EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThePractitioner_DraftsAndSigns_WithTheirPassword_AndTheSessionIsDocumented()
    {
        var draft = await _rbt.PutAsJsonAsync(Note, Written, Ct);
        var wrong = await _rbt.PostAsJsonAsync($"{Note}/sign", new { password = "not-my-password" }, Ct);
        var afterWrong = await _rbt.GetFromJsonAsync<JsonElement>(Note, Ct);
        var signed = await _rbt.PostAsJsonAsync($"{Note}/sign", new { password = DemoDataSeeder.DefaultPassword }, Ct);
        var edit = await _rbt.PutAsJsonAsync(Note, Written, Ct);
        var noPassword = await _rbt.PostAsJsonAsync($"{Note}/addenda", new { text = "Correction" }, Ct);
        var addendum = await _rbt.PostAsJsonAsync($"{Note}/addenda", new { text = "Correction", password = DemoDataSeeder.DefaultPassword }, Ct);

        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Equal("password-incorrect", (await wrong.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(("Completed", JsonValueKind.Null), (afterWrong.GetProperty("sessionStatus").GetString(), afterWrong.GetProperty("signedAt").ValueKind));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var body = await signed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Documented", "Ten trials of manding with a delay."), (body.GetProperty("sessionStatus").GetString(), body.GetProperty("narrative").GetString()));
        Assert.Equal("note-signed", (await edit.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal("password-required", (await noPassword.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, addendum.StatusCode);
        Assert.Equal(1, (await addendum.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("addenda").GetArrayLength());
        var week = await _clinic.Client.GetFromJsonAsync<List<JsonElement>>(
            $"/api/v1/appointments?from={Uri.EscapeDataString(DemoClinic.NextWeekAt(0, days: -4).ToString("O"))}&to={Uri.EscapeDataString(DemoClinic.NextWeekAt(0, days: -2).ToString("O"))}", Ct);
        Assert.Equal("Documented", week!.Single(s => s.GetProperty("id").GetGuid() == _session).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WhereThePayerRequiresIt_TheNoteIsSignedWithTheCaregiversSignature()
    {
        var payerId = _clinic.AuthorizationOf(_clinic.PatientIds[0], "97153").PayerId;
        var payer = await _clinic.Client.GetFromJsonAsync<JsonElement>($"/api/v1/payers/{payerId}", Ct);
        (await _clinic.Client.PutAsJsonAsync($"/api/v1/payers/{payerId}", new
        {
            name = payer.GetProperty("name").GetString(),
            roundingRule = payer.GetProperty("roundingRule").GetString(),
            concurrentCodePairs = payer.GetProperty("concurrentCodePairs"),
            fees = payer.GetProperty("fees"),
            requiresCaregiverSignature = true,
        }, Ct)).EnsureSuccessStatusCode();
        var sign = new { password = DemoDataSeeder.DefaultPassword, goalsAddressed = "Manding", narrative = "Ten trials." };

        var without = await _rbt.PostAsJsonAsync($"{Note}/sign", sign, Ct);
        var signed = await _rbt.PostAsJsonAsync($"{Note}/sign", new
        {
            sign.password, sign.goalsAddressed, sign.narrative, caregiver = new { name = "Dana Doe", relationship = "Mother" },
        }, Ct);

        Assert.Equal("caregiver-signature-required", (await without.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var body = await signed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Documented", true, "Dana Doe", "Mother"), (
            body.GetProperty("sessionStatus").GetString(), body.GetProperty("caregiverSignatureRequired").GetBoolean(),
            body.GetProperty("caregiverName").GetString(), body.GetProperty("caregiverRelationship").GetString()));
        Assert.Equal(body.GetProperty("signedAt").GetDateTimeOffset(), body.GetProperty("caregiverSignedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task AdminsRead_OtherPractitionersMayNot_AndNobodyButThePractitionerWrites()
    {
        await _rbt.PutAsJsonAsync(Note, Written, Ct);
        var colleague = await _app.CreateApiClientAsync("rbt2@orga.example");

        var byAdmin = await _clinic.Client.GetFromJsonAsync<JsonElement>(Note, Ct);
        var byColleague = await colleague.GetAsync(Note, Ct);
        var adminWrites = await _clinic.Client.PutAsJsonAsync(Note, Written, Ct);
        var adminSigns = await _clinic.Client.PostAsJsonAsync($"{Note}/sign", new { password = DemoDataSeeder.DefaultPassword }, Ct);
        var missing = await _clinic.Client.GetAsync($"/api/v1/appointments/{Guid.NewGuid()}/note", Ct);

        Assert.Equal(("Manding", false), (byAdmin.GetProperty("goalsAddressed").GetString(), byAdmin.GetProperty("mayWrite").GetBoolean()));
        Assert.Equal("not-rendering-practitioner", (await byColleague.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        Assert.Equal("not-rendering-practitioner", (await adminWrites.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        Assert.Equal("not-rendering-practitioner", (await adminSigns.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await _rbt.GetFromJsonAsync<JsonElement>(Note, Ct)).GetProperty("signedAt").ValueKind);
    }

    [Theory]
    [InlineData("""{"goalsAddressed":5}""")]
    [InlineData("""{"narrative":["a"]}""")]
    [InlineData("not json")]
    [InlineData("""{"narrative":"__LONG__"}""")]
    public async Task ABadDraft_IsA400_AndSavesNothing(string body)
    {
        var content = new StringContent(body.Replace("__LONG__", new string('x', 4001), StringComparison.Ordinal), Encoding.UTF8, "application/json");

        var response = await _rbt.PutAsync(Note, content, Ct);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        var note = await _rbt.GetFromJsonAsync<JsonElement>(Note, Ct);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (note.GetProperty("narrative").ValueKind, note.GetProperty("goalsAddressed").ValueKind));
    }

    [Fact]
    public async Task AFullNote_OfFourLongFieldsEscapedInJson_IsSaved()
    {
        var longest = string.Concat(Enumerable.Repeat("é\"\n", 1333)) + "é";
        var full = new { goalsAddressed = longest, clientResponse = longest, nextSteps = longest, narrative = longest };

        var response = await _rbt.PutAsJsonAsync(Note, full, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4000, (await _rbt.GetFromJsonAsync<JsonElement>(Note, Ct)).GetProperty("narrative").GetString()!.Length);
    }

    [Fact]
    public async Task SigningAnIncompleteNote_IsA400_AndTheSessionStaysCompleted()
    {
        var response = await _rbt.PostAsJsonAsync($"{Note}/sign", new { password = DemoDataSeeder.DefaultPassword, goalsAddressed = "Manding" }, Ct);

        Assert.Equal("note-incomplete", (await response.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("Completed", (await _rbt.GetFromJsonAsync<JsonElement>(Note, Ct)).GetProperty("sessionStatus").GetString());
    }

    private string Note => $"/api/v1/appointments/{_session}/note";
}
