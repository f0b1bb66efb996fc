using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

public sealed class AppointmentApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;
    private DemoClinic _clinic = null!;
    private Guid _patient;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _clinic = await DemoClinic.LoadAsync(_app);
        _patient = _clinic.PatientIds[0];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Book_Answers201WithTheUnitsAndReservesThem()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");

        var response = await _clinic.BookAsync(_patient, "rbt1@orga.example", treatment.Id, DemoClinic.NextWeekAt(15), 60);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(4, body.RootElement.GetProperty("units").GetInt32());
        Assert.Equal("Scheduled", body.RootElement.GetProperty("status").GetString());
        Assert.Equal($"/api/v1/appointments/{body.RootElement.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
        Assert.Equal(4, (await _clinic.Client.AuthorizationAsync(treatment.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Book_AtAPlace_AnswersItsPlaceAndModifiers_ABadPlaceIs400_AndTelehealthWhereThePayerDoesNotPayIs409()
    {
        var payers = (await _clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/payers", Ct))!;
        var tricareId = payers.Single(p => p.GetProperty("name").GetString() == "TRICARE").GetProperty("id").GetGuid();
        var tricare = _clinic.Authorizations.First(a => a.PayerId == tricareId && a.ServiceCode == "97153");
        var guidance = _clinic.Authorizations.First(a => a.PayerId != tricareId && a.ServiceCode == "97156");
        Task<HttpResponseMessage> BookAt(Guid patientId, string email, Guid authorizationId, int hour, string placeOfService) =>
            _clinic.Client.PostAsJsonAsync(
                "/api/v1/appointments",
                new { patientId, practitionerId = _clinic.PractitionersByEmail[email], authorizationId, start = DemoClinic.NextWeekAt(hour), end = DemoClinic.NextWeekAt(hour + 1), placeOfService },
                Ct);

        var online = await BookAt(guidance.PatientId, "bcba1@orga.example", guidance.Id, 9, "10");
        var nowhere = await BookAt(guidance.PatientId, "bcba1@orga.example", guidance.Id, 11, "99");
        var tricareOnline = await BookAt(tricare.PatientId, "rbt1@orga.example", tricare.Id, 13, "02");

        Assert.Equal(HttpStatusCode.Created, online.StatusCode);
        using var booked = JsonDocument.Parse(await online.Content.ReadAsStringAsync(Ct));
        Assert.Equal(("10", """["HO","95"]"""), (booked.RootElement.GetProperty("placeOfService").GetString(), booked.RootElement.GetProperty("modifiers").GetRawText()));
        Assert.Equal("invalid-place-of-service", (await nowhere.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString());
        Assert.Equal("telehealth-not-covered", (await tricareOnline.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        Assert.Equal(0, (await _clinic.Client.AuthorizationAsync(tricare.Id)).ScheduledUnits);
        var listed = (await _clinic.Client.GetFromJsonAsync<List<JsonElement>>(
            $"/api/v1/appointments?from={Uri.EscapeDataString(DemoClinic.NextWeekAt(0).ToString("O"))}&to={Uri.EscapeDataString(DemoClinic.NextWeekAt(23).ToString("O"))}", Ct))!;
        Assert.Equal(["10"], listed.Select(a => a.GetProperty("placeOfService").GetString()));
    }

    [Fact]
    public async Task Book_EachRefusal_IsA409WithItsProblemTypeAndChangesNothing()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var supervision = _clinic.AuthorizationOf(_patient, "97155");
        var otherPatient = _clinic.PatientIds[1];
        var small = _clinic.Authorizations.First(a => a.TotalUnits == 50 && a.PatientId != _patient);
        (await _clinic.Client.PostUnitsAsync(small.Id, "reserve", 10)).EnsureSuccessStatusCode();
        (await _clinic.BookAsync(_patient, "rbt1@orga.example", treatment.Id, DemoClinic.NextWeekAt(9), 120)).EnsureSuccessStatusCode();
        var before = await _clinic.Client.AuthorizationsAsync();

        var refusals = new Dictionary<string, HttpResponseMessage>
        {
            ["credential-not-allowed"] = await _clinic.BookAsync(_patient, "rbt2@orga.example", supervision.Id, DemoClinic.NextWeekAt(13), 60),
            ["outside-authorization-dates"] = await _clinic.BookAsync(_patient, "rbt2@orga.example", treatment.Id, DemoClinic.NextWeekAt(13, days: 200), 60),
            ["insufficient-units"] = await _clinic.BookAsync(small.PatientId, "bcba1@orga.example", small.Id, DemoClinic.NextWeekAt(7), 12 * 60),
            ["practitioner-double-booked"] = await _clinic.BookAsync(otherPatient, "rbt1@orga.example", _clinic.AuthorizationOf(otherPatient, "97153").Id, DemoClinic.NextWeekAt(10), 60),
            ["patient-double-booked"] = await _clinic.BookAsync(_patient, "rbt2@orga.example", treatment.Id, DemoClinic.NextWeekAt(10), 60),
        };

        foreach (var (type, response) in refusals)
        {
            var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(type, problem.GetProperty("type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }

        Assert.Equal(before, await _clinic.Client.AuthorizationsAsync());
    }

    [Fact]
    public async Task Book_RepeatedWithTheSameIdempotencyKey_BooksOnce()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        HttpRequestMessage Request() => new(HttpMethod.Post, "/api/v1/appointments")
        {
            Content = JsonContent.Create(new
            {
                patientId = _patient, practitionerId = _clinic.PractitionersByEmail["rbt4@orga.example"], authorizationId = treatment.Id,
                start = DemoClinic.NextWeekAt(12), end = DemoClinic.NextWeekAt(13),
            }),
            Headers = { { "Idempotency-Key", "front-desk-7" } },
        };

        var first = await _clinic.Client.SendAsync(Request(), Ct);
        var second = await _clinic.Client.SendAsync(Request(), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));
        Assert.Equal(4, (await _clinic.Client.AuthorizationAsync(treatment.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Book_SupervisionOverTheTechniciansSession_IsAllowed()
    {
        var start = DemoClinic.NextWeekAt(14);
        (await _clinic.BookAsync(_patient, "rbt1@orga.example", _clinic.AuthorizationOf(_patient, "97153").Id, start, 120)).EnsureSuccessStatusCode();

        var directing = await _clinic.BookAsync(_patient, "bcba1@orga.example", _clinic.AuthorizationOf(_patient, "97155").Id, start.AddMinutes(30), 60);

        Assert.Equal(HttpStatusCode.Created, directing.StatusCode);
    }

    [Fact]
    public async Task Lifecycle_CancelNoShowAndReschedule_MoveTheUnitsAndAreListed()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var first = await BookedIdAsync(treatment.Id, DemoClinic.NextWeekAt(9), 60);
        var second = await BookedIdAsync(treatment.Id, DemoClinic.NextWeekAt(11), 60);
        var third = await BookedIdAsync(treatment.Id, DemoClinic.NextWeekAt(13), 60);

        var cancel = await _clinic.Client.PostAsJsonAsync($"/api/v1/appointments/{first}/cancel", new { reason = "Sick" }, Ct);
        var noShow = await _clinic.Client.PostAsync($"/api/v1/appointments/{second}/no-show", null, Ct);
        var reschedule = await _clinic.Client.PostAsJsonAsync(
            $"/api/v1/appointments/{third}/reschedule", new { start = DemoClinic.NextWeekAt(16), end = DemoClinic.NextWeekAt(17, 30) }, Ct);
        var from = Uri.EscapeDataString(DemoClinic.NextWeekAt(0).ToString("O"));
        var to = Uri.EscapeDataString(DemoClinic.NextWeekAt(0, days: 8).ToString("O"));
        var listed = await _clinic.Client.GetFromJsonAsync<List<JsonElement>>($"/api/v1/appointments?from={from}&to={to}&patientId={_patient}", Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, noShow.StatusCode);
        Assert.Equal(6, (await reschedule.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("units").GetInt32());
        Assert.Equal(6, (await _clinic.Client.AuthorizationAsync(treatment.Id)).ScheduledUnits);
        Assert.Equal(["Cancelled", "NoShow", "Scheduled"], listed!.Select(a => a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ReschedulePreview_AnswersTheCheckAndTheUnitDifference_AndChangesNothing()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var id = await BookedIdAsync(treatment.Id, DemoClinic.NextWeekAt(9), 60);
        var scheduled = (await _clinic.Client.AuthorizationAsync(treatment.Id)).ScheduledUnits;

        var preview = await _clinic.Client.PostAsJsonAsync(
            $"/api/v1/appointments/{id}/reschedule/preview", new { start = DemoClinic.NextWeekAt(15), end = DemoClinic.NextWeekAt(16, 30) }, Ct);
        var missing = await _clinic.Client.PostAsJsonAsync(
            $"/api/v1/appointments/{Guid.NewGuid()}/reschedule/preview", new { start = DemoClinic.NextWeekAt(15), end = DemoClinic.NextWeekAt(16) }, Ct);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var body = await preview.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((4, 6, 2, true), (body.GetProperty("session").GetProperty("units").GetInt32(), body.GetProperty("proposed").GetProperty("units").GetInt32(),
            body.GetProperty("unitChange").GetInt32(), body.GetProperty("proposed").GetProperty("canBook").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(scheduled, (await _clinic.Client.AuthorizationAsync(treatment.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Complete_APastSession_ConsumesTheActualUnits()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var start = DemoClinic.NextWeekAt(9, days: -2);
        var id = await BookedIdAsync(treatment.Id, start, 60);

        var completed = await _clinic.Client.PostAsJsonAsync(
            $"/api/v1/appointments/{id}/complete", new { actualStart = start, actualEnd = start.AddMinutes(50) }, Ct);

        Assert.Equal(3, (await completed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("actualUnits").GetInt32());
        var balance = await _clinic.Client.AuthorizationAsync(treatment.Id);
        Assert.Equal((3, 0), (balance.UsedUnits, balance.ScheduledUnits));
    }

    [Fact]
    public async Task PreviewAndSeries_ShowTheBalanceAndBookAllOrNothing()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var first = DateOnly.FromDateTime(DemoClinic.NextWeekAt(0).DateTime);
        var series = new
        {
            patientId = _patient,
            practitionerId = _clinic.PractitionersByEmail["rbt3@orga.example"],
            authorizationId = treatment.Id,
            firstDate = first,
            startTime = "15:00:00",
            durationMinutes = 90,
            days = new[] { first.DayOfWeek.ToString() },
            count = 4,
        };

        var single = await _clinic.Client.PostAsJsonAsync("/api/v1/appointments/preview", new
        {
            patientId = _patient, practitionerId = _clinic.PractitionersByEmail["rbt3@orga.example"], authorizationId = treatment.Id,
            start = DemoClinic.NextWeekAt(15), end = DemoClinic.NextWeekAt(16, 30),
        }, Ct);
        var preview = await _clinic.Client.PostAsJsonAsync("/api/v1/appointments/series/preview", series, Ct);
        var booked = await _clinic.Client.PostAsJsonAsync("/api/v1/appointments/series", series, Ct);
        var again = await _clinic.Client.PostAsJsonAsync("/api/v1/appointments/series", series, Ct);

        Assert.Equal(994, (await single.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("availableAfter").GetInt32());
        var occurrences = (await preview.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("occurrences");
        Assert.Equal([994, 988, 982, 976], occurrences.EnumerateArray().Select(o => o.GetProperty("availableAfter").GetInt32()));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(4, (await booked.Content.ReadFromJsonAsync<List<JsonElement>>(Ct))!.Count);
        Assert.Equal("series-conflicts", (await again.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        Assert.Equal(24, (await _clinic.Client.AuthorizationAsync(treatment.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task AnotherOrganizationsSession_IsNotFoundAndItsPractitionersWeekToo()
    {
        var id = await BookedIdAsync(_clinic.AuthorizationOf(_patient, "97153").Id, DemoClinic.NextWeekAt(9), 60);
        var other = await DemoClinic.LoadAsync(_app, "admin@orgb.example");

        var cancel = await other.Client.PostAsJsonAsync($"/api/v1/appointments/{id}/cancel", new { reason = "x" }, Ct);
        var noShow = await other.Client.PostAsync($"/api/v1/appointments/{id}/no-show", null, Ct);
        var week = await other.Client.GetAsync($"/api/v1/practitioners/{_clinic.PractitionersByEmail["rbt1@orga.example"]}/week", Ct);

        await cancel.ProblemAsync(HttpStatusCode.NotFound);
        await noShow.ProblemAsync(HttpStatusCode.NotFound);
        await week.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"patientId":"00000000-0000-0000-0000-000000000000"}""")]
    [InlineData("""{"patientId":"@p","practitionerId":"@r","authorizationId":"@a","start":"tomorrow","end":"later"}""")]
    [InlineData("""{"patientId":"@p","practitionerId":"@r","authorizationId":"@a","start":"2027-01-13T15:00:00-05:00","end":"2027-01-13T14:00:00-05:00"}""")]
    [InlineData("""{"patientId":"@p","practitionerId":"@r","authorizationId":"@a","start":"2027-01-13T15:00:00-05:00","end":"2027-01-13T15:05:00-05:00"}""")]
    public async Task Book_WithBadInput_Is400AndChangesNothing(string body)
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        body = body.Replace("@p", _patient.ToString(), StringComparison.Ordinal)
            .Replace("@r", _clinic.PractitionersByEmail["rbt1@orga.example"].ToString(), StringComparison.Ordinal)
            .Replace("@a", treatment.Id.ToString(), StringComparison.Ordinal);

        var response = await _clinic.Client.PostAsync("/api/v1/appointments", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(treatment, await _clinic.Client.AuthorizationAsync(treatment.Id));
    }

    private async Task<Guid> BookedIdAsync(Guid authorizationId, DateTimeOffset start, int minutes)
    {
        var response = await _clinic.BookAsync(_patient, "rbt1@orga.example", authorizationId, start, minutes);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
