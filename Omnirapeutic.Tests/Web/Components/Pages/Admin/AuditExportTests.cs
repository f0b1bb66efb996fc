using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.DemoData;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

/// <summary><c>/admin/audit.csv</c>: the audit trail's filtered rows for admins, the export itself audited before the answer ends.</summary>
public sealed class AuditExportTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Header = "Occurred at (UTC),Kind,User id,User,Action,Record type,Record id,Details";

    private OmnirapeuticWebApplicationFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Export_FilteredToOneClient_WritesTheirEventsOnly_AndIsItselfAudited()
    {
        var admin = await _app.ActorOfAsync("admin@orga.example");
        var patients = await _app.Services.GetRequiredService<PatientDirectory>().ListAsync(admin.OrganizationId, cancellationToken: Ct);
        var (client, other) = (patients[0].Id, patients[1].Id);
        var browser = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "admin@orga.example", DemoDataSeeder.DefaultPassword);
        await browser.GetStringAsync($"/patients/{client}", Ct);
        await browser.GetStringAsync($"/patients/{other}", Ct);
        await _app.Services.GetRequiredService<AccessLog>().FlushAsync(Ct);

        var response = await browser.GetAsync($"/admin/audit.csv?patient={client}&kind=Access", Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(Header, lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z,Access,{admin.UserId},[^,]+,patient\.view,patient,{client},", row);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(admin.OrganizationId, Ct);
        var export = await db.AuditEvents.SingleAsync(e => e.Action == "audit.export", Ct);
        Assert.Equal((AuditEventKind.Access, admin.UserId), (export.Kind, export.ActorUserId));
        Assert.Contains("\"rows\": 1", export.Details);
        Assert.Contains(client.ToString(), export.Details);
    }

    [Theory]
    [InlineData("from=2027-01-10&to=2027-01-09")]
    [InlineData("from=1999-12-31")]
    [InlineData("from=yesterday")]
    [InlineData("kind=Bogus")]
    [InlineData("patient=not-a-guid")]
    public async Task Export_WithABadFilter_Is400ProblemAndAuditsNothing(string filter)
    {
        var admin = await _app.ActorOfAsync("admin@orga.example");
        var browser = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "admin@orga.example", DemoDataSeeder.DefaultPassword);

        var response = await browser.GetAsync($"/admin/audit.csv?{filter}", Ct);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(admin.OrganizationId, Ct);
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == "audit.export", Ct));
    }

    [Fact]
    public async Task Export_ForAPractitioner_IsRefused()
    {
        var browser = _app.CreateBrowserClient();
        await LoginForm.SubmitAsync(browser, "bcba1@orga.example", DemoDataSeeder.DefaultPassword);

        var response = await browser.GetAsync("/admin/audit.csv", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/AccessDenied", response.Headers.Location.PathOnly());
    }
}
