using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>
/// <c>GET /api/v1/supervision</c> and its suggestions on the demo clinic: next month is planned (it has not begun, so
/// no run meets its end), a suggested 97155 books with <c>POST /appointments</c> and puts the RBT on track, and each
/// viewer sees only the RBTs they follow.
/// </summary>
public sealed class SupervisionApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private OmnirapeuticWebApplicationFactory _app = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The first day of next month in New York.</summary>
    private static DateOnly NextMonth
    {
        get
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, NewYork).DateTime);
            return new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        }
    }

    private static string Month => NextMonth.ToString("yyyy-MM");

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _admin = await _app.CreateApiClientAsync("admin@orga.example");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASuggestedOverlay_BooksWith201_AndMovesTheRbtToOnTrack()
    {
        var (rbt, bcba, patient, treatment, _) = await SupervisedRbtAsync();
        await BookAsync(patient, rbt, treatment, 10, 180);
        await BookAsync(patient, rbt, treatment, 11, 180);

        var atRisk = await RbtAsync(_admin, rbt);
        var suggestions = await _admin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/supervision/{rbt}/suggestions?month={Month}", Ct);
        var booked = new List<HttpStatusCode>();
        foreach (var suggestion in suggestions!)
        {
            var (start, end) = (suggestion.GetProperty("start").GetDateTimeOffset(), suggestion.GetProperty("end").GetDateTimeOffset());
            booked.Add((suggestion.GetProperty("kind").GetString() == "Overlay"
                ? await _admin.PostAsJsonAsync("/api/v1/appointments", new
                {
                    patientId = suggestion.GetProperty("patientId").GetGuid(),
                    practitionerId = suggestion.GetProperty("practitionerId").GetGuid(),
                    authorizationId = suggestion.GetProperty("authorizationId").GetGuid(),
                    start,
                    end,
                }, Ct)
                : await _admin.PostAsJsonAsync("/api/v1/supervision/meetings", new { supervisorId = suggestion.GetProperty("practitionerId").GetGuid(), rbtIds = new[] { rbt }, start, end }, Ct)).StatusCode);
        }

        var onTrack = await RbtAsync(_admin, rbt);
        Assert.Equal("AtRisk", atRisk.GetProperty("status").GetString());
        Assert.Equal(["Share", "Contacts", "Individual", "Observed"], atRisk.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal((360, 18), (atRisk.GetProperty("forecast").GetProperty("directMinutes").GetInt32(), atRisk.GetProperty("minutesStillNeeded").GetInt32()));
        Assert.Equal([("Overlay", bcba), ("Overlay", bcba), ("Meeting", bcba)], suggestions.Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("practitionerId").GetGuid())));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], booked);
        Assert.Equal(("OnTrack", 90, 3), (
            onTrack.GetProperty("status").GetString(),
            onTrack.GetProperty("forecast").GetProperty("supervisedMinutes").GetInt32(),
            onTrack.GetProperty("forecast").GetProperty("contacts").GetInt32()));
        Assert.Empty((await _admin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/supervision/{rbt}/suggestions?month={Month}", Ct))!);
    }

    [Fact]
    public async Task AnRbt_SeesOnlyTheirOwnMonth_ASupervisorTheirRbts_AndABadMonthIsA400()
    {
        var (rbt, _, _, _, emails) = await SupervisedRbtAsync();
        var rbtClient = await _app.CreateApiClientAsync(emails.Rbt);
        var supervisorClient = await _app.CreateApiClientAsync(emails.Bcba);
        var demoRbt = (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct))!
            .First(p => p.GetProperty("email").GetString() == "rbt1@orga.example").GetProperty("id").GetGuid();

        var own = await MonthAsync(rbtClient);
        var supervised = await MonthAsync(supervisorClient);
        var everyone = await MonthAsync(_admin);
        var othersSuggestions = await rbtClient.GetAsync($"/api/v1/supervision/{demoRbt}/suggestions?month={Month}", Ct);
        var badMonth = await _admin.GetAsync("/api/v1/supervision?month=2026-13", Ct);
        var anonymous = await _app.CreateClient().GetAsync("/api/v1/supervision", Ct);

        Assert.Equal([rbt], Ids(own));
        Assert.Equal([rbt], Ids(supervised));
        Assert.Contains(rbt, Ids(everyone));
        Assert.Contains(demoRbt, Ids(everyone));
        Assert.Equal(NextMonth.ToString("yyyy-MM-dd"), everyone.GetProperty("month").GetString());
        Assert.Equal(HttpStatusCode.NotFound, othersSuggestions.StatusCode);
        Assert.Equal("invalid-month", (await badMonth.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task ASupervisorSchedulesAMeetingOfTwoRbts_WhichCountsAGroupContact_AndAnOverlapIs409_AndAnRbtIsRefused()
    {
        var (rbt, bcba, patient, treatment, emails) = await SupervisedRbtAsync();
        var (otherRbt, _) = await PractitionerAsync("RBT");
        await BookAsync(patient, rbt, treatment, 10, 180);
        var supervisor = await _app.CreateApiClientAsync(emails.Bcba);
        var rbtClient = await _app.CreateApiClientAsync(emails.Rbt);
        var start = At(12, 13);
        object Meeting(DateTimeOffset from) => new { supervisorId = bcba, rbtIds = new[] { rbt, otherRbt }, start = from, end = from.AddMinutes(30), modality = "Video" };

        var scheduled = await supervisor.PostAsJsonAsync("/api/v1/supervision/meetings", Meeting(start), Ct);
        var overlapping = await supervisor.PostAsJsonAsync("/api/v1/supervision/meetings", Meeting(start.AddMinutes(15)), Ct);
        var byRbt = await rbtClient.PostAsJsonAsync("/api/v1/supervision/meetings", Meeting(start.AddHours(2)), Ct);
        var phone = await supervisor.PostAsJsonAsync("/api/v1/supervision/meetings", new { supervisorId = bcba, rbtIds = new[] { rbt }, start, end = start.AddMinutes(30), modality = "Phone" }, Ct);
        var counted = await RbtAsync(_admin, rbt);
        var listed = await _admin.GetFromJsonAsync<List<JsonElement>>(
            $"/api/v1/supervision/meetings?from={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(1).ToString("O"))}&practitionerId={otherRbt}", Ct);

        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var meeting = await scheduled.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Meeting", "Video", "Scheduled", 2), (
            meeting.GetProperty("kind").GetString(), meeting.GetProperty("modality").GetString(), meeting.GetProperty("status").GetString(), meeting.GetProperty("rbts").GetArrayLength()));
        Assert.Equal("practitioner-double-booked", (await overlapping.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        Assert.Equal("not-supervisor", (await byRbt.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        await phone.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal((30, 1, 0), (
            counted.GetProperty("forecast").GetProperty("supervisedMinutes").GetInt32(),
            counted.GetProperty("forecast").GetProperty("contacts").GetInt32(),
            counted.GetProperty("forecast").GetProperty("individualContacts").GetInt32()));
        Assert.Equal([meeting.GetProperty("id").GetGuid()], listed!.Select(m => m.GetProperty("id").GetGuid()));
        var cancelled = await supervisor.PostAsJsonAsync($"/api/v1/supervision/meetings/{meeting.GetProperty("id").GetGuid()}/cancel", new { reason = "Moved to next week" }, Ct);
        Assert.Equal("Cancelled", (await cancelled.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Equal(0, (await RbtAsync(_admin, rbt)).GetProperty("forecast").GetProperty("contacts").GetInt32());
    }

    private static DateTimeOffset At(int day, int hour)
    {
        var local = NextMonth.AddDays(day - 1).ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local));
    }

    private static IEnumerable<Guid> Ids(JsonElement month) => month.GetProperty("rbts").EnumerateArray().Select(r => r.GetProperty("practitionerId").GetGuid());

    private async Task<JsonElement> MonthAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/supervision?month={Month}", Ct);

    private async Task<JsonElement> RbtAsync(HttpClient client, Guid rbt) =>
        (await MonthAsync(client)).GetProperty("rbts").EnumerateArray().Single(r => r.GetProperty("practitionerId").GetGuid() == rbt);

    /// <summary>A new RBT supervised by a new BCBA, and a new client of Medicaid (which pays a 97155 over a 97153) with both authorizations.</summary>
    private async Task<(Guid Rbt, Guid Bcba, Guid Patient, Guid Treatment, (string Rbt, string Bcba) Emails)> SupervisedRbtAsync()
    {
        var (rbt, rbtEmail) = await PractitionerAsync("RBT");
        var (bcba, bcbaEmail) = await PractitionerAsync("BCBA");
        (await _admin.PutAsJsonAsync($"/api/v1/practitioners/{rbt}/supervisor", new { supervisorId = bcba }, Ct)).EnsureSuccessStatusCode();
        var medicaid = (await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/payers", Ct))!.Single(p => p.GetProperty("name").GetString() == "Medicaid").GetProperty("id").GetGuid();
        var created = await _admin.PostAsJsonAsync("/api/v1/patients", new { firstName = "Robin", lastName = "Okafor", dateOfBirth = "2019-03-14", memberId = $"SUP-{Guid.NewGuid():N}" }, Ct);
        var patient = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var treatment = await AuthorizeAsync(patient, "97153", medicaid);
        await AuthorizeAsync(patient, "97155", medicaid);
        return (rbt, bcba, patient, treatment, (rbtEmail, bcbaEmail));
    }

    private async Task<(Guid Id, string Email)> PractitionerAsync(string credential)
    {
        var email = $"sup-{Guid.NewGuid():N}@orga.example";
        var created = await _admin.PostAsJsonAsync("/api/v1/users", new
        {
            displayName = $"{credential} Test", email, password = DemoDataSeeder.DefaultPassword, role = "Practitioner", firstName = credential, lastName = "Test", credential,
        }, Ct);
        return ((await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("practitionerId").GetGuid(), email);
    }

    private async Task<Guid> AuthorizeAsync(Guid patient, string serviceCode, Guid payerId)
    {
        var created = await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId = patient, serviceCode, authNumber = $"SUP-{Guid.NewGuid():N}"[..20], payerId,
            startDate = NextMonth.AddMonths(-1).ToString("yyyy-MM-dd"), endDate = NextMonth.AddMonths(2).ToString("yyyy-MM-dd"), totalUnits = 200,
        }, Ct);
        return (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private async Task BookAsync(Guid patient, Guid practitioner, Guid authorization, int day, int minutes)
    {
        var start = At(day, 9);
        (await _admin.PostAsJsonAsync("/api/v1/appointments", new { patientId = patient, practitionerId = practitioner, authorizationId = authorization, start, end = start.AddMinutes(minutes) }, Ct))
            .EnsureSuccessStatusCode();
    }
}
