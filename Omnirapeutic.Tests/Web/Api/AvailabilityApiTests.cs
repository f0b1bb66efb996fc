using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Availability and find a slot through the API, on the demo data (which defines no availability).</summary>
public sealed class AvailabilityApiTests(PostgresServer postgres) : IAsyncLifetime
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
    public async Task Suggestions_OnTheDemoData_AreAtMostTen_SoonestFirst_AndEachBooks201AsItIs()
    {
        var patient = _clinic.PatientIds[2];
        var treatment = _clinic.AuthorizationOf(patient, "97153");

        var response = await _clinic.Client.PostAsJsonAsync(
            "/api/v1/appointments/suggestions",
            new { patientId = patient, authorizationId = treatment.Id, durationMinutes = 60, from = DemoClinic.NextWeekAt(0), to = DemoClinic.NextWeekAt(0, days: 14) },
            Ct);
        var suggestions = (await response.Content.ReadFromJsonAsync<List<JsonElement>>(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(suggestions.Count, 1, 10);
        var starts = suggestions.Select(s => s.GetProperty("start").GetDateTimeOffset()).ToList();
        Assert.Equal(starts.Order(), starts);
        foreach (var suggestion in suggestions)
        {
            var booked = await _clinic.Client.PostAsJsonAsync(
                "/api/v1/appointments",
                new
                {
                    patientId = patient,
                    practitionerId = suggestion.GetProperty("practitionerId").GetGuid(),
                    authorizationId = treatment.Id,
                    start = suggestion.GetProperty("start").GetDateTimeOffset(),
                    end = suggestion.GetProperty("end").GetDateTimeOffset(),
                },
                Ct);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }
    }

    [Fact]
    public async Task OutsideWorkingHours_ThePreviewWarns_BookingIs409WithoutTheAcknowledgment_And201WithIt()
    {
        var rbt = _clinic.PractitionersByEmail["rbt2@orga.example"];
        var patient = _clinic.PatientIds[3];
        var treatment = _clinic.AuthorizationOf(patient, "97153");
        var weekdays = Enumerable.Range(1, 5).Select(d => new { day = ((DayOfWeek)d).ToString(), from = "09:00", to = "17:00" }).ToList();
        var evening = DemoClinic.NextWeekAt(18, days: 8);
        var booking = new { patientId = patient, practitionerId = rbt, authorizationId = treatment.Id, start = evening, end = evening.AddHours(1) };

        var saved = await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{rbt}/working-hours", new { weekly = weekdays }, Ct);
        var preview = await _clinic.Client.PostAsJsonAsync("/api/v1/appointments/preview", booking, Ct);
        var refused = await _clinic.Client.PostAsJsonAsync("/api/v1/appointments", booking, Ct);
        var acknowledged = await _clinic.Client.PostAsJsonAsync(
            "/api/v1/appointments", new { booking.patientId, booking.practitionerId, booking.authorizationId, booking.start, booking.end, acknowledgeWarnings = true }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var warnings = (await preview.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("warnings");
        Assert.Equal("outside-working-hours", Assert.Single(warnings.EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal("warnings-not-acknowledged", (await refused.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
        var read = await _clinic.Client.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/{rbt}/availability", Ct);
        Assert.Equal(5, read.GetProperty("weekly").GetArrayLength());
        Assert.Equal(("Monday", "09:00", "17:00"), (read.GetProperty("weekly")[0].GetProperty("day").GetString(), read.GetProperty("weekly")[0].GetProperty("from").GetString(), read.GetProperty("weekly")[0].GetProperty("to").GetString()));
    }

    [Fact]
    public async Task AvailabilityWrites_AreForAdminsAndSchedulers_AndBadWindowsAreClear400s()
    {
        var rbt = _clinic.PractitionersByEmail["rbt3@orga.example"];
        var patient = _clinic.PatientIds[4];
        var created = await _clinic.Client.PostAsJsonAsync(
            "/api/v1/users",
            new { displayName = "Front Desk", email = "desk@orga.example", password = DemoDataSeeder.DefaultPassword, role = "Scheduler" },
            Ct);
        created.EnsureSuccessStatusCode();
        var scheduler = await _app.CreateApiClientAsync("desk@orga.example");
        var practitioner = await _app.CreateApiClientAsync("rbt1@orga.example");
        var school = new { weekly = new[] { new { day = "Monday", from = "15:00", to = "19:00" } } };

        var bySchedulerClient = await scheduler.PutAsJsonAsync($"/api/v1/patients/{patient}/availability", school, Ct);
        var byPractitioner = await practitioner.PutAsJsonAsync($"/api/v1/patients/{patient}/availability", school, Ct);
        var overlapping = await scheduler.PutAsJsonAsync(
            $"/api/v1/practitioners/{rbt}/working-hours",
            new { weekly = new[] { new { day = "Monday", from = "09:00", to = "12:00" }, new { day = "Monday", from = "11:00", to = "13:00" } } },
            Ct);
        var badTime = await scheduler.PutAsJsonAsync($"/api/v1/practitioners/{rbt}/working-hours", new { weekly = new[] { new { day = "Monday", from = "9am", to = "17:00" } } }, Ct);
        var nullWindow = await scheduler.PutAsync(
            $"/api/v1/practitioners/{rbt}/working-hours", new StringContent("{\"weekly\":[null]}", System.Text.Encoding.UTF8, "application/json"), Ct);
        var unknown = await scheduler.PutAsJsonAsync($"/api/v1/practitioners/{Guid.NewGuid()}/working-hours", school, Ct);
        var timeOff = await scheduler.PostAsJsonAsync(
            $"/api/v1/practitioners/{rbt}/time-off", new { start = DemoClinic.NextWeekAt(0), end = DemoClinic.NextWeekAt(0, days: 9), reason = "Vacation" }, Ct);
        var timeOffId = (await timeOff.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var backwards = await scheduler.PostAsJsonAsync($"/api/v1/practitioners/{rbt}/time-off", new { start = DemoClinic.NextWeekAt(10), end = DemoClinic.NextWeekAt(9) }, Ct);
        var readByPractitioner = await practitioner.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/{rbt}/availability", Ct);
        var removed = await scheduler.DeleteAsync($"/api/v1/practitioners/{rbt}/time-off/{timeOffId}", Ct);
        var removedAgain = await scheduler.DeleteAsync($"/api/v1/practitioners/{rbt}/time-off/{timeOffId}", Ct);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Forbidden), (bySchedulerClient.StatusCode, byPractitioner.StatusCode));
        Assert.Equal("invalid-availability", (await overlapping.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString());
        Assert.Contains("HH:mm", (await badTime.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nullWindow.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Created, timeOff.StatusCode);
        Assert.Equal("invalid-time-off", (await backwards.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString());
        Assert.Equal("Vacation", Assert.Single(readByPractitioner.GetProperty("timeOff").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (removed.StatusCode, removedAgain.StatusCode));
        var client = await _clinic.Client.GetFromJsonAsync<JsonElement>($"/api/v1/patients/{patient}/availability", Ct);
        Assert.Equal("15:00", Assert.Single(client.GetProperty("weekly").EnumerateArray()).GetProperty("from").GetString());
    }
}
