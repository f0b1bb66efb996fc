using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>
/// Claim batches through the API: an admin makes one from the payer's verified sessions, reads it as JSON and CSV
/// (never cached), voids it and makes it again; practitioners may not, and bad input changes nothing.
/// </summary>
public sealed class ClaimApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Rbt = "rbt1@orga.example";

    private OmnirapeuticWebApplicationFactory _app = null!;
    private DemoClinic _clinic = null!;
    private HttpClient _rbt = null!;
    private Guid _session;
    private Guid _payerId;
    private DateOnly _day;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _clinic = await DemoClinic.LoadAsync(_app);
        _rbt = await _app.CreateApiClientAsync(Rbt);
        var patient = _clinic.PatientIds[0];
        var authorization = _clinic.AuthorizationOf(patient, "97153");
        _payerId = authorization.PayerId;
        var start = DemoClinic.NextWeekAt(7, days: -3);
        _day = DateOnly.FromDateTime(start.DateTime);
        var booked = await _clinic.BookAsync(patient, Rbt, authorization.Id, start, 60);
        _session = (await booked.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        (await _clinic.Client.PostAsJsonAsync($"/api/v1/appointments/{_session}/complete", new { actualStart = start, actualEnd = start.AddHours(1) }, Ct)).EnsureSuccessStatusCode();
        var note = new { password = DemoDataSeeder.DefaultPassword, goalsAddressed = "Manding", narrative = "Ten trials of manding." };
        (await _rbt.PostAsJsonAsync($"/api/v1/appointments/{_session}/note/sign", note, Ct)).EnsureSuccessStatusCode();
        (await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{_clinic.PractitionersByEmail[Rbt]}/npi", new { npi = TestNpi.Next() }, Ct)).EnsureSuccessStatusCode();
        (await _clinic.Client.PostAsync($"/api/v1/appointments/{_session}/verify", null, Ct)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnAdmin_MakesABatch_ReadsItAsJsonAndCsv_VoidsIt_AndMakesItAgain()
    {
        var created = await CreateAsync("batch-1");
        var repeated = await CreateAsync("batch-1");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var json = await _clinic.Client.GetAsync($"/api/v1/claims/batches/{id}", Ct);
        var csv = await _clinic.Client.GetAsync($"/api/v1/claims/batches/{id}.csv", Ct);
        var status = await NoteStatusAsync();
        var voided = await _clinic.Client.PostAsJsonAsync($"/api/v1/claims/batches/{id}/void", new { reason = "Wrong payer" }, Ct);
        var afterVoid = await NoteStatusAsync();
        var again = await CreateAsync(null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/claims/batches/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(id, (await repeated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid());
        Assert.Equal("no-store", json.Headers.CacheControl?.ToString());
        var batch = await json.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var line = batch.GetProperty("lines")[0];
        Assert.Equal((_session, 4, true), (line.GetProperty("appointmentId").GetGuid(), line.GetProperty("units").GetInt32(), batch.GetProperty("reconciled").GetBoolean()));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", csv.Headers.CacheControl?.ToString());
        var rows = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Line,Date of service,Member id,Patient,Date of birth,Payer,Authorization,CPT code", rows[0], StringComparison.Ordinal);
        Assert.Equal(2, rows.Length);
        Assert.Contains(line.GetProperty("memberId").GetString()!, rows[1], StringComparison.Ordinal);
        Assert.Equal("Billed", status);
        Assert.True((await voided.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("voided").GetBoolean());
        Assert.Equal("Verified", afterVoid);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var list = await _clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/claims/batches", Ct);
        Assert.Equal([false, true], list!.Select(b => b.GetProperty("voided").GetBoolean()));
    }

    [Fact]
    public async Task WhatWaitsToBeBilled_AndEachLinesDiagnosisSubscriberAndDeadline_ReadThroughTheApi()
    {
        var patient = _clinic.PatientIds[0];
        var billing = await _clinic.Client.PutAsJsonAsync(
            $"/api/v1/patients/{patient}/billing",
            new { diagnosisCodes = new[] { "f840", "Z13.41" }, subscriber = new { relationship = "Guardian", firstName = "Dana", lastName = "Doe" } }, Ct);
        var ready = await ReadyAsync();
        var id = (await (await CreateAsync(null)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var afterBatch = await ReadyAsync();
        var batch = await _clinic.Client.GetFromJsonAsync<JsonElement>($"/api/v1/claims/batches/{id}", Ct);
        var csv = await _clinic.Client.GetStringAsync($"/api/v1/claims/batches/{id}.csv", Ct);

        Assert.Equal(HttpStatusCode.NoContent, billing.StatusCode);
        var payer = ready.Single(r => r.GetProperty("payerId").GetGuid() == _payerId);
        Assert.Equal((1, _day, _day.AddDays(90)), (payer.GetProperty("sessions").GetInt32(), Date(payer.GetProperty("oldestServiceDate")), Date(payer.GetProperty("filingDeadline"))));
        Assert.DoesNotContain(afterBatch, r => r.GetProperty("payerId").GetGuid() == _payerId);
        var revenue = await _clinic.Client.GetFromJsonAsync<JsonElement>("/api/v1/claims/revenue", Ct);
        Assert.Equal(8, revenue.GetProperty("weeks").GetArrayLength());
        Assert.True(revenue.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("billed").GetProperty("units").GetInt32()) >= 4);
        var line = batch.GetProperty("lines")[0];
        Assert.Equal("[\"F84.0\",\"Z13.41\"]", line.GetProperty("diagnosisCodes").GetRawText());
        Assert.Equal((1, "Guardian", "Dana Doe"), (line.GetProperty("diagnosisPointer").GetInt32(), line.GetProperty("subscriberRelationship").GetString(), line.GetProperty("subscriberName").GetString()));
        Assert.Equal((_day.AddDays(90), 90), (Date(line.GetProperty("filingDeadline")), batch.GetProperty("timelyFilingDays").GetInt32()));
        Assert.Contains($"F84.0 Z13.41,1,Guardian,Dana Doe,{_day.AddDays(90):yyyy-MM-dd}", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"diagnosisCodes":["F8.0"]}""", HttpStatusCode.BadRequest, "invalid-diagnosis-code")]
    [InlineData("""{"diagnosisCodes":["F84.0"],"subscriber":{"relationship":"Parent"}}""", HttpStatusCode.BadRequest, "invalid-subscriber")]
    [InlineData("""{"diagnosisCodes":["F84.0"],"subscriber":{"relationship":"Cousin","firstName":"A","lastName":"B"}}""", HttpStatusCode.BadRequest, null)]
    [InlineData("""{"subscriber":null}""", HttpStatusCode.BadRequest, null)]
    public async Task BadBillingDetails_AreRefused_AndChangeNothing(string body, HttpStatusCode expected, string? code)
    {
        var patient = _clinic.PatientIds[0];

        var response = await _clinic.Client.PutAsync($"/api/v1/patients/{patient}/billing", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var byRbt = await _rbt.PutAsJsonAsync($"/api/v1/patients/{patient}/billing", new { diagnosisCodes = new[] { "Z13.41" } }, Ct);
        var batch = await (await CreateAsync(null)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var problem = await response.ProblemAsync(expected);
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.Forbidden, byRbt.StatusCode);
        var line = (await _clinic.Client.GetFromJsonAsync<JsonElement>($"/api/v1/claims/batches/{batch.GetProperty("id").GetGuid()}", Ct)).GetProperty("lines")[0];
        Assert.Equal(("[\"F84.0\"]", "Parent"), (line.GetProperty("diagnosisCodes").GetRawText(), line.GetProperty("subscriberRelationship").GetString()));
    }

    [Fact]
    public async Task APractitioner_MayNotMakeOrReadABatch()
    {
        var id = (await (await CreateAsync(null)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var create = await _rbt.PostAsJsonAsync("/api/v1/claims/batches", new { payerId = _payerId, from = _day, to = _day }, Ct);
        var read = await _rbt.GetAsync($"/api/v1/claims/batches/{id}.csv", Ct);
        var list = await _rbt.GetAsync("/api/v1/claims/batches", Ct);
        var ready = await _rbt.GetAsync("/api/v1/claims/ready", Ct);
        var revenue = await _rbt.GetAsync("/api/v1/claims/revenue", Ct);

        Assert.All([create, read, list, ready, revenue], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    [Theory]
    [InlineData("""{"payerId":"__PAYER__","from":"__TO__","to":"__FROM__"}""", HttpStatusCode.BadRequest, "invalid-range")]
    [InlineData("""{"from":"__FROM__","to":"__TO__"}""", HttpStatusCode.BadRequest, null)]
    [InlineData("""{"payerId":"__PAYER__","from":"yesterday","to":"__TO__"}""", HttpStatusCode.BadRequest, null)]
    [InlineData("""{"payerId":"00000000-0000-0000-0000-000000000001","from":"__FROM__","to":"__TO__"}""", HttpStatusCode.NotFound, null)]
    [InlineData("""{"payerId":"__PAYER__","from":"2020-01-01","to":"2020-01-31"}""", HttpStatusCode.Conflict, "nothing-to-bill")]
    public async Task ABadBatch_IsRefused_AndBillsNothing(string body, HttpStatusCode expected, string? code)
    {
        var json = body.Replace("__PAYER__", _payerId.ToString(), StringComparison.Ordinal)
            .Replace("__FROM__", _day.AddDays(-1).ToString("yyyy-MM-dd"), StringComparison.Ordinal)
            .Replace("__TO__", _day.AddDays(1).ToString("yyyy-MM-dd"), StringComparison.Ordinal);

        var response = await _clinic.Client.PostAsync("/api/v1/claims/batches", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        var problem = await response.ProblemAsync(expected);
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        Assert.Equal("Verified", await NoteStatusAsync());
        Assert.Empty((await _clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/claims/batches", Ct))!);
    }

    private async Task<HttpResponseMessage> CreateAsync(string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/claims/batches")
        {
            Content = JsonContent.Create(new { payerId = _payerId, from = _day.AddDays(-1), to = _day.AddDays(1) }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await _clinic.Client.SendAsync(request, Ct);
    }

    private static DateOnly Date(JsonElement value) => DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<List<JsonElement>> ReadyAsync() => (await _clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/claims/ready", Ct))!;

    private async Task<string?> NoteStatusAsync() =>
        (await _clinic.Client.GetFromJsonAsync<JsonElement>($"/api/v1/appointments/{_session}/note", Ct)).GetProperty("sessionStatus").GetString();
}
