using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>
/// One app for a class of bad-input tests, with a valid request for every endpoint that takes a body, an instant or a
/// date, aimed at live data (a scheduled session, an authorization with units held, one with none), so a malformed
/// request that slipped through would show as a change.
/// </summary>
public sealed class WriteEndpointsApp(PostgresServer postgres) : IAsyncLifetime
{
    public OmnirapeuticWebApplicationFactory App { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Valid requests keyed by the endpoint's method and route pattern, as the endpoint data source names them.</summary>
    public IReadOnlyDictionary<string, ApiCall> Calls { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        var clinic = await DemoClinic.LoadAsync(App);
        Admin = clinic.Client;
        var patient = clinic.PatientIds[0];
        var practitioner = clinic.PractitionersByEmail["rbt1@orga.example"];
        var treatment = clinic.AuthorizationOf(patient, "97153");
        var spare = clinic.AuthorizationOf(clinic.PatientIds[1], "97153");
        // In the past, so that completing it would be accepted.
        var start = DemoClinic.NextWeekAt(9, days: -2);
        var booked = await clinic.BookAsync(patient, "rbt1@orga.example", treatment.Id, start, 60);
        var appointment = (await booked.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var day = DateOnly.FromDateTime(DemoClinic.NextWeekAt(9).Date);
        (await Admin.PostAsJsonAsync($"/api/v1/authorizations/{treatment.Id}/reserve", new { units = 2, date = day })).EnsureSuccessStatusCode();

        var free = Instant(DemoClinic.NextWeekAt(14));
        var freeEnd = Instant(DemoClinic.NextWeekAt(15));
        var booking = $$"""{"patientId":"{{patient}}","practitionerId":"{{practitioner}}","authorizationId":"{{treatment.Id}}","start":"{{free}}","end":"{{freeEnd}}"}""";
        var seriesDay = DemoClinic.NextWeekAt(7, days: 14);
        var series = $$"""{"patientId":"{{patient}}","practitionerId":"{{practitioner}}","authorizationId":"{{treatment.Id}}","firstDate":"{{seriesDay:yyyy-MM-dd}}","startTime":"07:00","durationMinutes":30,"days":["{{seriesDay.DayOfWeek}}"],"count":2}""";
        var units = $$"""{"units":1,"date":"{{day:yyyy-MM-dd}}"}""";
        var early = $$"""{"patientId":"{{patient}}","practitionerId":"{{practitioner}}","authorizationId":"{{treatment.Id}}","firstDate":"{{seriesDay:yyyy-MM-dd}}","startTime":"06:00","durationMinutes":30,"days":["{{seriesDay.DayOfWeek}}"],"count":1}""";
        var earlySeries = (await (await Admin.PostAsync("/api/v1/appointments/series", new StringContent(early, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<List<JsonElement>>())![0].GetProperty("seriesId").GetGuid();
        var extend = $$"""{"until":"{{seriesDay.AddDays(21):yyyy-MM-dd}}"}""";
        Calls = new Dictionary<string, ApiCall>
        {
            ["POST /api/v1/auth/login"] = new($"/api/v1/auth/login", $$"""{"email":"rbt4@orga.example","password":"{{DemoDataSeeder.DefaultPassword}}"}""", Anonymous: true),
            ["POST /api/v1/auth/refresh"] = new("/api/v1/auth/refresh", """{"refreshToken":"not-a-refresh-token"}""", Anonymous: true),
            ["POST /api/v1/authorizations/{id:guid}/reserve"] = new($"/api/v1/authorizations/{treatment.Id}/reserve", units, Optional: ["date"]),
            ["POST /api/v1/authorizations/{id:guid}/release"] = new($"/api/v1/authorizations/{treatment.Id}/release", units, Optional: ["date"]),
            ["POST /api/v1/authorizations/{id:guid}/consume"] = new($"/api/v1/authorizations/{treatment.Id}/consume", units, Optional: ["date"]),
            ["POST /api/v1/authorizations/"] = new(
                "/api/v1/authorizations",
                $$"""{"patientId":"{{patient}}","serviceCode":"97153","authNumber":"PROPERTY-1","startDate":"{{day:yyyy-MM-dd}}","endDate":"{{day.AddDays(60):yyyy-MM-dd}}","totalUnits":10}"""),
            ["POST /api/v1/authorizations/{id:guid}/adjust"] = new($"/api/v1/authorizations/{spare.Id}/adjust", """{"totalUnits":777,"reason":"property test"}"""),
            ["POST /api/v1/authorizations/{id:guid}/void"] = new($"/api/v1/authorizations/{spare.Id}/void", """{"reason":"property test"}"""),
            ["POST /api/v1/authorizations/{id:guid}/approve"] = new($"/api/v1/authorizations/{spare.Id}/approve", """{"totalUnits":500}"""),
            ["POST /api/v1/authorizations/{id:guid}/deny"] = new($"/api/v1/authorizations/{spare.Id}/deny", """{"reason":"property test"}"""),
            ["POST /api/v1/authorizations/{id:guid}/renew"] = new(
                $"/api/v1/authorizations/{spare.Id}/renew",
                $$"""{"authNumber":"PROPERTY-2","startDate":"{{day.AddDays(30):yyyy-MM-dd}}","endDate":"{{day.AddDays(200):yyyy-MM-dd}}","totalUnits":10}"""),
            ["GET /api/v1/appointments/"] = new(
                $"/api/v1/appointments/?from={Uri.EscapeDataString(Instant(start.AddDays(-1)))}&to={Uri.EscapeDataString(Instant(start.AddDays(1)))}", null),
            ["POST /api/v1/appointments/"] = new("/api/v1/appointments", booking),
            ["POST /api/v1/appointments/preview"] = new("/api/v1/appointments/preview", booking),
            ["POST /api/v1/appointments/series"] = new("/api/v1/appointments/series", series),
            ["POST /api/v1/appointments/series/preview"] = new("/api/v1/appointments/series/preview", series),
            ["POST /api/v1/appointments/series/{seriesId:guid}/extend"] = new($"/api/v1/appointments/series/{earlySeries}/extend", extend),
            ["POST /api/v1/appointments/series/{seriesId:guid}/extend/preview"] = new($"/api/v1/appointments/series/{earlySeries}/extend/preview", extend),
            ["POST /api/v1/appointments/{id:guid}/reschedule"] = new($"/api/v1/appointments/{appointment}/reschedule", $$"""{"start":"{{free}}","end":"{{freeEnd}}"}"""),
            ["POST /api/v1/appointments/{id:guid}/reschedule/preview"] = new($"/api/v1/appointments/{appointment}/reschedule/preview", $$"""{"start":"{{free}}","end":"{{freeEnd}}"}"""),
            ["POST /api/v1/appointments/{id:guid}/cancel"] = new($"/api/v1/appointments/{appointment}/cancel", """{"reason":"property test"}"""),
            ["POST /api/v1/appointments/{id:guid}/complete"] = new(
                $"/api/v1/appointments/{appointment}/complete", $$"""{"actualStart":"{{Instant(start)}}","actualEnd":"{{Instant(start.AddHours(1))}}"}"""),
            ["POST /api/v1/patients/"] = new("/api/v1/patients", """{"firstName":"Property","lastName":"Test","dateOfBirth":"2018-04-05","memberId":"PROPERTY-M1"}""", Optional: ["usualPlaceOfService"]),
            ["POST /api/v1/users"] = new(
                "/api/v1/users",
                $$"""{"displayName":"Property Test","email":"property-user@orga.example","password":"{{DemoDataSeeder.DefaultPassword}}","role":"Practitioner","firstName":"Property","lastName":"Test","credential":"RBT"}"""),
            ["GET /api/v1/practitioners/{id:guid}/week"] = new($"/api/v1/practitioners/{practitioner}/week?date={day:yyyy-MM-dd}", null),
            ["POST /api/v1/appointments/suggestions"] = new(
                "/api/v1/appointments/suggestions",
                $$"""{"patientId":"{{patient}}","authorizationId":"{{treatment.Id}}","durationMinutes":60,"from":"{{free}}","to":"{{Instant(DemoClinic.NextWeekAt(14, days: 9))}}"}""",
                Optional: ["practitionerId", "placeOfService"]),
            ["POST /api/v1/claims/batches/"] = new(
                "/api/v1/claims/batches", $$"""{"payerId":"{{treatment.PayerId}}","from":"{{day:yyyy-MM-dd}}","to":"{{day.AddDays(6):yyyy-MM-dd}}"}"""),
            ["POST /api/v1/practitioners/{id:guid}/time-off"] = new(
                $"/api/v1/practitioners/{practitioner}/time-off", $$"""{"start":"{{free}}","end":"{{freeEnd}}"}""", Optional: ["reason"]),
            ["POST /api/v1/supervision/meetings/"] = new(
                "/api/v1/supervision/meetings",
                $$"""{"supervisorId":"{{clinic.PractitionersByEmail["bcba1@orga.example"]}}","rbtIds":["{{clinic.PractitionersByEmail["rbt2@orga.example"]}}"],"start":"{{Instant(DemoClinic.NextWeekAt(16, days: 10))}}","end":"{{Instant(DemoClinic.NextWeekAt(17, days: 10))}}"}""",
                Optional: ["modality", "observedAppointmentId"]),
            ["GET /api/v1/supervision/meetings/"] = new(
                $"/api/v1/supervision/meetings/?from={Uri.EscapeDataString(Instant(start.AddDays(-1)))}&to={Uri.EscapeDataString(Instant(start.AddDays(1)))}", null),
            ["PUT /api/v1/practitioners/{id:guid}/credential-expiry"] = new(
                $"/api/v1/practitioners/{practitioner}/credential-expiry", $$"""{"expiresOn":"{{day.AddYears(5):yyyy-MM-dd}}"}""", Method: "PUT"),
        };
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    public Task<HttpResponseMessage> SendAsync(ApiCall call, string path, string? body, string contentType = "application/json", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(body is null && call.Body is null ? HttpMethod.Get : new HttpMethod(call.Method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        request.Headers.Authorization = call.Anonymous ? null : Admin.DefaultRequestHeaders.Authorization;
        return App.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The organization's balances and sessions as one comparable string, and the integrity check's violations.</summary>
    public async Task<string> SnapshotAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var sessions = await Admin.GetFromJsonAsync<List<JsonElement>>(
            $"/api/v1/appointments?from={Uri.EscapeDataString(Instant(now))}&to={Uri.EscapeDataString(Instant(now.AddDays(90)))}", TestContext.Current.CancellationToken);
        var integrity = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/integrity", TestContext.Current.CancellationToken);
        var patients = await Admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/patients", TestContext.Current.CancellationToken);
        var practitioners = await Admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", TestContext.Current.CancellationToken);
        return string.Join(
            ";",
            (await Admin.AuthorizationsAsync()).Select(a => $"{a.Id}:{a.TotalUnits}/{a.UsedUnits}/{a.ScheduledUnits}/{a.Status}/{a.Version}")
                .Concat(sessions!.Select(s => $"{s.GetProperty("id")}:{s.GetProperty("status")}:{s.GetProperty("start")}:{s.GetProperty("units")}"))
                .Append($"patients:{patients!.Count}")
            .Append($"practitioners:{practitioners!.Count}")
            .Append($"violations:{integrity.GetProperty("violations").GetArrayLength()}"));
    }

    private static string Instant(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
