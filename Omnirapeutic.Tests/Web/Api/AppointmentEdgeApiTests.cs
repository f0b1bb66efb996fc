using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Completion and series input at the edges: a clear 4xx and nothing changed, never a 500 or a silent booking.</summary>
public sealed class AppointmentEdgeApiTests(PostgresServer postgres) : IAsyncLifetime
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

    /// <summary>Actual times against a session booked two days ago from 09:00 to 10:00 New York time: (days from it, start hour, minutes).</summary>
    public static TheoryData<string, int, int, int> ImplausibleActualTimes => new()
    {
        { "in the year 1", int.MinValue, 9, 60 },
        { "the next day", 1, 9, 60 },
        { "the day before", -1, 9, 60 },
        { "a week before", -7, 9, 60 },
        { "running past midnight", 0, 23, 90 },
    };

    [Theory]
    [MemberData(nameof(ImplausibleActualTimes))]
    public async Task Complete_WithActualTimesOffTheSessionsDay_IsRefusedAndChangesNothing(string when, int days, int hour, int minutes)
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var scheduled = DemoClinic.NextWeekAt(9, days: -2);
        var id = await BookedIdAsync(treatment.Id, scheduled);
        var before = await _clinic.Client.AuthorizationAsync(treatment.Id);
        var start = days == int.MinValue
            ? new DateTimeOffset(1, 1, 1, 14, 0, 0, TimeSpan.Zero)
            : DemoClinic.NextWeekAt(hour, days: -2 + days);

        var refused = await CompleteAsync(id, start, start.AddMinutes(minutes));
        var plausible = await CompleteAsync(id, scheduled.AddMinutes(5), scheduled.AddMinutes(50));

        var problem = await refused.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("type").GetString() == "implausible-actual-times", $"{when}: {problem}");
        Assert.Equal(HttpStatusCode.OK, plausible.StatusCode);
        var after = await _clinic.Client.AuthorizationAsync(treatment.Id);
        Assert.Equal((before.UsedUnits + 3, before.ScheduledUnits - 4), (after.UsedUnits, after.ScheduledUnits));
    }

    [Fact]
    public async Task Complete_ASessionThatIsNoLongerScheduled_IsNotScheduledWhateverItsTimes()
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var cancelled = await BookedIdAsync(treatment.Id, DemoClinic.NextWeekAt(13, days: -3));
        var completed = await BookedIdAsync(treatment.Id, DemoClinic.NextWeekAt(13, days: -4));
        (await _clinic.Client.PostAsJsonAsync($"/api/v1/appointments/{cancelled}/cancel", new { reason = "Family travel" }, Ct)).EnsureSuccessStatusCode();
        (await CompleteAsync(completed, DemoClinic.NextWeekAt(13, days: -4), DemoClinic.NextWeekAt(14, days: -4))).EnsureSuccessStatusCode();
        var before = await _clinic.Client.AuthorizationAsync(treatment.Id);

        var answers = new[]
        {
            await CompleteAsync(cancelled, DemoClinic.NextWeekAt(13, days: -3), DemoClinic.NextWeekAt(14, days: -3)),
            await CompleteAsync(cancelled, DemoClinic.NextWeekAt(8, days: -3), DemoClinic.NextWeekAt(20, days: -3)),
            await CompleteAsync(completed, DemoClinic.NextWeekAt(8, days: -4), DemoClinic.NextWeekAt(20, days: -4)),
        };

        foreach (var answer in answers)
        {
            Assert.Equal("appointment-not-scheduled", (await answer.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        }

        Assert.Equal(before, await _clinic.Client.AuthorizationAsync(treatment.Id));
    }

    /// <summary>Series fields that cannot describe a series: (name, JSON of the fields that differ from a good series).</summary>
    public static TheoryData<string, string> BadSeries => new()
    {
        { "a day number past Saturday", """{"days":[99]}""" },
        { "a negative day number", """{"days":[-1]}""" },
        { "a day that is not one", """{"days":["Funday"]}""" },
        { "no day", """{"days":[]}""" },
        { "an end that leaves no session", """{"days":"@weekday+3","until":"@first+2","count":null}""" },
        { "the last day there is", """{"firstDate":"9999-12-31"}""" },
        { "the first day there is", """{"firstDate":"0001-01-01"}""" },
        { "a first day past the authorization", """{"firstDate":"@first+400"}""" },
        { "an end in the year 9999", """{"until":"9999-12-31","count":null}""" },
    };

    [Theory]
    [MemberData(nameof(BadSeries))]
    public async Task Series_ThatCannotBeASeries_Is400OnPreviewAndBookingAndChangesNothing(string name, string fields)
    {
        var treatment = _clinic.AuthorizationOf(_patient, "97153");
        var before = await _clinic.Client.AuthorizationAsync(treatment.Id);
        var body = SeriesWith(treatment.Id, fields);

        foreach (var path in new[] { "/api/v1/appointments/series/preview", "/api/v1/appointments/series" })
        {
            var response = await _clinic.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
            var status = response.StatusCode;
            Assert.True(status == HttpStatusCode.BadRequest, $"{name} on {path}: {status} {await response.Content.ReadAsStringAsync(Ct)}");
        }

        Assert.Equal(before, await _clinic.Client.AuthorizationAsync(treatment.Id));
    }

    /// <summary>
    /// A good weekly series from a day a week from now, on that weekday (Wednesday when that is a Saturday), with some
    /// fields replaced: <c>@first+n</c> is the date n days after the first, <c>@weekday+n</c> the one-day list of its weekday.
    /// </summary>
    private string SeriesWith(Guid authorizationId, string fields)
    {
        var first = DateOnly.FromDateTime(DemoClinic.NextWeekAt(0).DateTime);
        var series = new Dictionary<string, object?>
        {
            ["patientId"] = _patient,
            ["practitionerId"] = _clinic.PractitionersByEmail["rbt2@orga.example"],
            ["authorizationId"] = authorizationId,
            ["firstDate"] = first.ToString("yyyy-MM-dd"),
            ["startTime"] = "07:00:00",
            ["durationMinutes"] = 60,
            ["days"] = new[] { (first.DayOfWeek == DayOfWeek.Saturday ? DayOfWeek.Wednesday : first.DayOfWeek).ToString() },
            ["count"] = 2,
        };
        foreach (var field in JsonDocument.Parse(fields).RootElement.EnumerateObject())
        {
            var text = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : string.Empty;
            series[field.Name] = text switch
            {
                _ when text.StartsWith("@first+", StringComparison.Ordinal) => first.AddDays(int.Parse(text["@first+".Length..])).ToString("yyyy-MM-dd"),
                _ when text.StartsWith("@weekday+", StringComparison.Ordinal) => new[] { first.AddDays(int.Parse(text["@weekday+".Length..])).DayOfWeek.ToString() },
                _ => field.Value.Clone(),
            };
        }

        return JsonSerializer.Serialize(series);
    }

    private Task<HttpResponseMessage> CompleteAsync(Guid id, DateTimeOffset start, DateTimeOffset end) =>
        _clinic.Client.PostAsJsonAsync($"/api/v1/appointments/{id}/complete", new { actualStart = start, actualEnd = end }, Ct);

    private async Task<Guid> BookedIdAsync(Guid authorizationId, DateTimeOffset start)
    {
        var response = await _clinic.BookAsync(_patient, "rbt1@orga.example", authorizationId, start, 60);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
