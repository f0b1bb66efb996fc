using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Reads of PHI write access events (batched off the request path) naming who read which record, never the PHI itself.</summary>
public sealed class AccessLoggingTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OpeningAClientsPage_WritesOneAccessEventWithoutPhi()
    {
        var reader = await _app.ActorOfAsync("bcba1@orga.example");
        var patient = await FirstPatientAsync("admin@orga.example");
        var details = await _app.Services.GetRequiredService<PatientDirectory>().GetAsync(reader.OrganizationId, patient, Ct);
        var browser = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "bcba1@orga.example", DemoDataSeeder.DefaultPassword);

        var page = await browser.GetAsync($"/patients/{patient}", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var view = Assert.Single(await AccessEventsAsync(reader.OrganizationId, "patient.view"));
        Assert.Equal((reader.UserId, "patient", patient.ToString(), "{\"view\": \"profile\"}"), (view.ActorUserId, view.EntityType, view.EntityId, view.Details));
        foreach (var phi in new[] { details.FirstName, details.LastName, details.MemberId, details.DateOfBirth.ToString("yyyy-MM-dd") })
        {
            Assert.DoesNotContain(phi, view.Details);
        }
    }

    [Fact]
    public async Task TheClientList_WritesAnAccessEventWithTheRecordsShown()
    {
        var reader = await _app.ActorOfAsync("admin@orgb.example");
        var browser = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "admin@orgb.example", DemoDataSeeder.DefaultPassword);

        await browser.GetStringAsync("/patients", Ct);

        var list = Assert.Single(await AccessEventsAsync(reader.OrganizationId, "patient.search"));
        Assert.Equal((reader.UserId, "patient-list"), (list.ActorUserId, list.EntityType));
        Assert.Contains("\"searched\": false", list.Details);
        Assert.Contains((await FirstPatientAsync("admin@orgb.example")).ToString(), list.Details);
    }

    [Fact]
    public async Task AnApiReadOfAnAuthorization_WritesAnAccessEventForItsRoute()
    {
        var reader = await _app.ActorOfAsync("rbt1@orga.example");
        var api = await _app.CreateApiClientAsync("rbt1@orga.example");
        var authorization = (await api.AuthorizationsAsync())[0];

        var read = await api.GetAsync($"/api/v1/authorizations/{authorization.Id}", Ct);
        var missing = await api.GetAsync($"/api/v1/authorizations/{Guid.NewGuid()}", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (read.StatusCode, missing.StatusCode));
        var events = await AccessEventsAsync(reader.OrganizationId, "api.read");
        Assert.Contains(events, e => e.ActorUserId == reader.UserId && e.EntityType == "authorization" && e.EntityId == string.Empty);
        var one = Assert.Single(events, e => e.EntityId != string.Empty);
        Assert.Equal((authorization.Id.ToString(), "{\"route\": \"/api/v1/authorizations/{id:guid}\"}"), (one.EntityId, one.Details));
    }

    [Fact]
    public async Task TheAuthorizationExport_WritesAnAccessEventWithItsRowCount()
    {
        var reader = await _app.ActorOfAsync("admin@orgb.example");
        var browser = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "admin@orgb.example", DemoDataSeeder.DefaultPassword);

        var csv = await browser.GetStringAsync("/admin/authorizations.csv", Ct);

        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var export = Assert.Single(await AccessEventsAsync(reader.OrganizationId, "authorizations.export"));
        Assert.Equal($"{{\"rows\": {rows}}}", export.Details);
    }

    private async Task<Guid> FirstPatientAsync(string email)
    {
        var actor = await _app.ActorOfAsync(email);
        return (await _app.Services.GetRequiredService<PatientDirectory>().ListAsync(actor.OrganizationId, cancellationToken: Ct))[0].Id;
    }

    private async Task<List<AuditEvent>> AccessEventsAsync(Guid organizationId, string action)
    {
        await _app.Services.GetRequiredService<AccessLog>().FlushAsync(Ct);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(organizationId, Ct);
        return await db.AuditEvents.Where(e => e.Kind == AuditEventKind.Access && e.Action == action).ToListAsync(Ct);
    }
}
