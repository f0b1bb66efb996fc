using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Practitioners' NPIs and the billing provider through the API: admins only, every bad number a clear 400.</summary>
public sealed class ProviderIdentifierApiTests(PostgresServer postgres) : IAsyncLifetime
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
    public async Task AnAdmin_SetsAPractitionersNpi_WhichThePractitionerListShows_AndABadOneIsA400()
    {
        var bcba = _clinic.PractitionersByEmail["bcba1@orga.example"];

        var set = await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{bcba}/npi", new { npi = "1234567893" }, Ct);
        var typo = await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{bcba}/npi", new { npi = "1234567890" }, Ct);
        var notAString = await _clinic.Client.PutAsync(
            $"/api/v1/practitioners/{bcba}/npi", new StringContent("""{"npi":1234567893}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var byPractitioner = await (await _app.CreateApiClientAsync("rbt1@orga.example")).PutAsJsonAsync($"/api/v1/practitioners/{bcba}/npi", new { npi = "1245319599" }, Ct);
        var missing = await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{Guid.NewGuid()}/npi", new { npi = "1245319599" }, Ct);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var detail = (await typo.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("detail").GetString();
        Assert.Contains("its last digit would be 3", detail, StringComparison.Ordinal);
        await notAString.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, byPractitioner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var listed = await _clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct);
        Assert.Equal("1234567893", listed!.Single(p => p.GetProperty("id").GetGuid() == bcba).GetProperty("npi").GetString());
    }

    [Fact]
    public async Task AnAdmin_AssignsAnRbtsSupervisor_AndRecordsTheCertificationsLastDay_WhichThePractitionerListShows()
    {
        var rbt = _clinic.PractitionersByEmail["rbt1@orga.example"];
        var bcba = _clinic.PractitionersByEmail["bcba1@orga.example"];
        var otherRbt = _clinic.PractitionersByEmail["rbt2@orga.example"];

        var supervised = await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{rbt}/supervisor", new { supervisorId = bcba }, Ct);
        var byAnRbt = await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{rbt}/supervisor", new { supervisorId = otherRbt }, Ct);
        var expiry = await _clinic.Client.PutAsJsonAsync($"/api/v1/practitioners/{rbt}/credential-expiry", new { expiresOn = "2027-03-31" }, Ct);
        var notADate = await _clinic.Client.PutAsync(
            $"/api/v1/practitioners/{rbt}/credential-expiry", new StringContent("""{"expiresOn":"31/03/2027"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var byPractitioner = await (await _app.CreateApiClientAsync("rbt1@orga.example"))
            .PutAsJsonAsync($"/api/v1/practitioners/{rbt}/credential-expiry", new { expiresOn = "2030-01-01" }, Ct);

        Assert.Equal(HttpStatusCode.OK, supervised.StatusCode);
        Assert.Equal("supervisor-not-analyst", (await byAnRbt.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, expiry.StatusCode);
        await notADate.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, byPractitioner.StatusCode);
        var listed = (await _clinic.Client.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners", Ct))!.Single(p => p.GetProperty("id").GetGuid() == rbt);
        Assert.Equal((bcba, "2027-03-31"), (listed.GetProperty("supervisorId").GetGuid(), listed.GetProperty("credentialExpiresOn").GetString()));
    }

    [Fact]
    public async Task TheBillingProvider_IsReadAndSetByAnAdmin_AsDigits()
    {
        var before = await _clinic.Client.GetFromJsonAsync<JsonElement>("/api/v1/organization/billing-provider", Ct);
        var set = await _clinic.Client.PutAsJsonAsync("/api/v1/organization/billing-provider", new { npi = "1245319599", taxId = "12-3456789" }, Ct);
        var badTaxId = await _clinic.Client.PutAsJsonAsync("/api/v1/organization/billing-provider", new { npi = "1245319599", taxId = "12-34567" }, Ct);
        var byPractitioner = await (await _app.CreateApiClientAsync("rbt1@orga.example")).GetAsync("/api/v1/organization/billing-provider", Ct);

        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (before.GetProperty("npi").ValueKind, before.GetProperty("taxId").ValueKind));
        var saved = await set.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("1245319599", "123456789"), (saved.GetProperty("npi").GetString(), saved.GetProperty("taxId").GetString()));
        Assert.Equal("invalid-tax-id", (await badTaxId.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byPractitioner.StatusCode);
        var after = await _clinic.Client.GetFromJsonAsync<JsonElement>("/api/v1/organization/billing-provider", Ct);
        Assert.Equal("123456789", after.GetProperty("taxId").GetString());
    }
}
