using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

public sealed class AuthorizationApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _admin = await _app.CreateApiClientAsync("admin@orga.example");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Get_ReturnsTheContractsFields()
    {
        var id = (await _admin.AuthorizationsAsync())[0].Id;

        using var json = JsonDocument.Parse(await _admin.GetStringAsync($"/api/v1/authorizations/{id}", TestContext.Current.CancellationToken));

        string[] fields = ["id", "authNumber", "patientId", "serviceCode", "startDate", "endDate", "totalUnits", "usedUnits", "scheduledUnits", "availableUnits"];
        Assert.All(fields, f => Assert.True(json.RootElement.TryGetProperty(f, out _), $"missing {f}"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", json.RootElement.GetProperty("startDate").GetString());
    }

    [Fact]
    public async Task List_ByPatient_ReturnsOnlyThatPatientsAuthorizations()
    {
        var all = await _admin.AuthorizationsAsync();
        var patientId = all[0].PatientId;

        var theirs = await _admin.GetFromJsonAsync<List<JsonElement>>($"/api/v1/authorizations?patientId={patientId}", TestContext.Current.CancellationToken);

        Assert.Equal(all.Count(a => a.PatientId == patientId), theirs!.Count);
        Assert.All(theirs, a => Assert.Equal(patientId, a.GetProperty("patientId").GetGuid()));
    }

    [Fact]
    public async Task Reserve_RepeatedWithTheSameIdempotencyKey_ReplaysAndChangesNothing()
    {
        var id = (await _admin.AuthorizationsAsync()).First(a => a.TotalUnits == 200).Id;

        var first = await _admin.PostUnitsAsync(id, "reserve", 8, "order-42");
        var second = await _admin.PostUnitsAsync(id, "reserve", 8, "order-42");
        var otherRequest = await _admin.PostUnitsAsync(id, "reserve", 9, "order-42");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("idempotency-key-reused", (await otherRequest.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("type").GetString());
        Assert.Equal(8, (await _admin.AuthorizationAsync(id)).ScheduledUnits);
    }

    [Fact]
    public async Task AnotherOrganizationsAuthorization_AnswersEveryEndpointLikeAMissingOne()
    {
        var theirs = (await (await _app.CreateApiClientAsync("admin@orgb.example")).AuthorizationsAsync())[0];
        var missing = Guid.NewGuid();

        foreach (var id in new[] { theirs.Id, missing })
        {
            var answers = new[]
            {
                await _admin.GetAsync($"/api/v1/authorizations/{id}", TestContext.Current.CancellationToken),
                await _admin.PostUnitsAsync(id, "reserve", 1),
                await _admin.PostUnitsAsync(id, "release", 1),
                await _admin.PostUnitsAsync(id, "consume", 1),
                await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/adjust", new { totalUnits = 60, reason = "x" }, TestContext.Current.CancellationToken),
                await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/void", new { reason = "x" }, TestContext.Current.CancellationToken),
                await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/approve", new { totalUnits = 60 }, TestContext.Current.CancellationToken),
                await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/deny", new { reason = "x" }, TestContext.Current.CancellationToken),
                await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/renew", Renewal("RENEW-X"), TestContext.Current.CancellationToken),
            };
            foreach (var answer in answers)
            {
                var problem = await answer.ProblemAsync(HttpStatusCode.NotFound);
                Assert.Equal("No such authorization.", problem.GetProperty("detail").GetString());
            }
        }

        var stillTheirs = await (await _app.CreateApiClientAsync("admin@orgb.example")).AuthorizationAsync(theirs.Id);
        Assert.Equal(theirs with { }, stillTheirs);
        Assert.DoesNotContain(await _admin.AuthorizationsAsync(), a => a.Id == theirs.Id);
    }

    [Fact]
    public async Task AdminWrites_ByAPractitioner_AreForbidden()
    {
        var practitioner = await _app.CreateApiClientAsync("bcba1@orga.example");
        var id = (await practitioner.AuthorizationsAsync())[0].Id;

        var adjust = await practitioner.PostAsJsonAsync($"/api/v1/authorizations/{id}/adjust", new { totalUnits = 999, reason = "x" }, TestContext.Current.CancellationToken);
        var voided = await practitioner.PostAsJsonAsync($"/api/v1/authorizations/{id}/void", new { reason = "x" }, TestContext.Current.CancellationToken);
        var approved = await practitioner.PostAsJsonAsync($"/api/v1/authorizations/{id}/approve", new { totalUnits = 999 }, TestContext.Current.CancellationToken);
        var denied = await practitioner.PostAsJsonAsync($"/api/v1/authorizations/{id}/deny", new { reason = "x" }, TestContext.Current.CancellationToken);
        var renewed = await practitioner.PostAsJsonAsync($"/api/v1/authorizations/{id}/renew", Renewal("RENEW-P"), TestContext.Current.CancellationToken);
        var integrity = await practitioner.GetAsync("/api/v1/integrity", TestContext.Current.CancellationToken);

        await adjust.ProblemAsync(HttpStatusCode.Forbidden);
        await voided.ProblemAsync(HttpStatusCode.Forbidden);
        await approved.ProblemAsync(HttpStatusCode.Forbidden);
        await denied.ProblemAsync(HttpStatusCode.Forbidden);
        await renewed.ProblemAsync(HttpStatusCode.Forbidden);
        await integrity.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await practitioner.PostUnitsAsync(id, "reserve", 1)).StatusCode);
    }

    [Fact]
    public async Task Renew_AnswersTheSuccessorLinkedBothWays_AndBadRenewalsGetTheirProblems()
    {
        var old = (await _admin.AuthorizationsAsync()).First(a => a.Status == AuthorizationStatus.Active);

        var renewed = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{old.Id}/renew", Renewal("RENEW-0001"), TestContext.Current.CancellationToken);
        var twice = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{old.Id}/renew", Renewal("RENEW-0002"), TestContext.Current.CancellationToken);
        var other = (await _admin.AuthorizationsAsync()).First(a => a.Status == AuthorizationStatus.Active && a.Id != old.Id && a.PredecessorId is null);
        var noNumber = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{other.Id}/renew", Renewal(" "), TestContext.Current.CancellationToken);
        var voidedStatus = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{other.Id}/renew", new
        {
            authNumber = "RENEW-0003", startDate = Today.AddDays(30), endDate = Today.AddDays(200), totalUnits = 100, status = "Voided",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, renewed.StatusCode);
        var successor = await renewed.BalanceAsync();
        Assert.Equal($"/api/v1/authorizations/{successor.Id}", renewed.Headers.Location?.ToString());
        Assert.Equal((old.Id, old.PatientId, old.ServiceCode, old.PayerId, AuthorizationStatus.Active), (successor.PredecessorId, successor.PatientId, successor.ServiceCode, successor.PayerId, successor.Status));
        using var json = JsonDocument.Parse(await _admin.GetStringAsync($"/api/v1/authorizations/{old.Id}", TestContext.Current.CancellationToken));
        Assert.Equal(successor.Id, json.RootElement.GetProperty("successorId").GetGuid());
        Assert.Equal(Today.AddDays(29), DateOnly.Parse(json.RootElement.GetProperty("endDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("already-renewed", (await twice.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        Assert.Equal("invalid-auth-number", (await noNumber.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString());
        Assert.Equal("invalid-status", (await voidedStatus.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Requested_ThenApprovedOrDenied_ByAnAdmin_AnswersEachStatus()
    {
        var patientId = (await _admin.AuthorizationsAsync())[0].PatientId;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        async Task<Guid> RequestAsync(string number) => (await (await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId, serviceCode = "97156", authNumber = number, startDate = today, endDate = today.AddDays(90), totalUnits = 40, status = "Requested",
        }, TestContext.Current.CancellationToken)).BalanceAsync()).Id;
        var (first, second) = (await RequestAsync("PENDING-0001"), await RequestAsync("PENDING-0002"));

        var reserve = await _admin.PostUnitsAsync(first, "reserve", 1);
        var approved = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{first}/approve", new { totalUnits = 30 }, TestContext.Current.CancellationToken);
        var denied = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{second}/deny", new { reason = "Not medically necessary" }, TestContext.Current.CancellationToken);
        var noTotal = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{second}/approve", new { }, TestContext.Current.CancellationToken);
        var deniedStatus = await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId, serviceCode = "97156", authNumber = "PENDING-0003", startDate = today, endDate = today.AddDays(90), totalUnits = 40, status = "Denied",
        }, TestContext.Current.CancellationToken);

        Assert.Equal("authorization-requested", (await reserve.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        Assert.Equal((AuthorizationStatus.Active, 30), ((await approved.BalanceAsync()).Status, (await _admin.AuthorizationAsync(first)).TotalUnits));
        Assert.Equal(AuthorizationStatus.Denied, (await denied.BalanceAsync()).Status);
        Assert.Equal("Denied", (await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/authorizations/{second}", TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        await noTotal.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid-status", (await deniedStatus.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Create_AdjustAndVoid_ByAnAdmin_FollowTheRules()
    {
        var patientId = (await _admin.AuthorizationsAsync())[0].PatientId;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var created = await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId, serviceCode = "97156", authNumber = "NEW-0001", startDate = today, endDate = today.AddDays(90), totalUnits = 40,
        }, TestContext.Current.CancellationToken);
        var id = (await created.BalanceAsync()).Id;
        var adjusted = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/adjust", new { totalUnits = 60, reason = "Payer approved more" }, TestContext.Current.CancellationToken);
        await _admin.PostUnitsAsync(id, "reserve", 5);
        var voidRefused = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/void", new { reason = "Withdrawn" }, TestContext.Current.CancellationToken);
        await _admin.PostUnitsAsync(id, "release", 5);
        var voided = await _admin.PostAsJsonAsync($"/api/v1/authorizations/{id}/void", new { reason = "Withdrawn" }, TestContext.Current.CancellationToken);
        var reserveOnVoided = await _admin.PostUnitsAsync(id, "reserve", 1);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/authorizations/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(60, (await adjusted.BalanceAsync()).TotalUnits);
        Assert.Equal("authorization-has-scheduled-units", (await voidRefused.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        Assert.Equal("authorization-voided", (await reserveOnVoided.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Reserve_OnAnExpiredAuthorization_IsRefusedWithItsEndDate()
    {
        var patientId = (await _admin.AuthorizationsAsync())[0].PatientId;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await _admin.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId, serviceCode = "97153", authNumber = "OLD-0001", startDate = today.AddDays(-200), endDate = today.AddDays(-20), totalUnits = 40,
        }, TestContext.Current.CancellationToken);

        var reserve = await _admin.PostUnitsAsync((await created.BalanceAsync()).Id, "reserve", 1);

        var problem = await reserve.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("authorization-expired", problem.GetProperty("type").GetString());
        Assert.Contains(today.AddDays(-20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integrity_AfterACounterIsChangedPastTheLedger_ListsThatAuthorizationOnlyToItsOrganization()
    {
        var id = (await _admin.AuthorizationsAsync())[0].Id;
        var clean = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/integrity", TestContext.Current.CancellationToken);
        await using (var connection = new NpgsqlConnection(_app.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"UPDATE authorizations SET scheduled_units = 3 WHERE id = '{id}'", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var broken = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/integrity", TestContext.Current.CancellationToken);
        var otherOrganization = await (await _app.CreateApiClientAsync("admin@orgb.example")).GetFromJsonAsync<JsonElement>("/api/v1/integrity", TestContext.Current.CancellationToken);

        Assert.Equal(0, clean.GetProperty("violations").GetArrayLength());
        var violation = Assert.Single(broken.GetProperty("violations").EnumerateArray());
        Assert.Equal(id, violation.GetProperty("authorizationId").GetGuid());
        Assert.Equal(0, otherOrganization.GetProperty("violations").GetArrayLength());
    }

    [Fact]
    public async Task PatientsAndPractitioners_ListOnlyTheCallersOrganization()
    {
        var patients = await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/patients", TestContext.Current.CancellationToken);
        var practitioners = await _admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", TestContext.Current.CancellationToken);

        Assert.Equal(10, patients!.Count);
        Assert.All(patients, p => Assert.Equal(["id", "name"], p.EnumerateObject().Select(o => o.Name)));
        Assert.Equal(6, practitioners!.Count);
        Assert.All(practitioners, p => Assert.EndsWith("@orga.example", p.GetProperty("email").GetString(), StringComparison.Ordinal));
        Assert.Equal(4, practitioners.Count(p => p.GetProperty("credential").GetString() == "RBT"));
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static object Renewal(string authNumber) => new { authNumber, startDate = Today.AddDays(30), endDate = Today.AddDays(200), totalUnits = 100 };
}
