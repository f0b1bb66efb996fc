using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Components.Pages;

public sealed class HomeTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;

    public async ValueTask InitializeAsync() => _core = await CoreServices.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Render_ForAnAdmin_ShowsCountsIntegrityAndTheAuthorizationsAtRisk()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var runsOut = await _core.AddAuthorizationAsync(actor, patientId, 50);
        await _core.Get<UnitLedger>().ReserveAsync(actor, runsOut.Id, 45, cancellationToken: Xunit.TestContext.Current.CancellationToken);
        await using var ctx = new BunitContext();
        ctx.WithCore(_core.ConnectionString, actor, Roles.Admin, new Claim(OmnirapeuticClaimTypes.DisplayName, "Clinic Admin"));

        var cut = ctx.Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=patient-count]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal("Welcome, Clinic Admin", cut.Find("h1").TextContent.Trim());
        Assert.Contains("All balances match the ledger", cut.Find("[data-testid=integrity-status]").TextContent, StringComparison.Ordinal);
        var atRisk = cut.Find("[aria-label='Authorizations at risk'] tbody").TextContent;
        Assert.Contains(runsOut.AuthNumber, atRisk, StringComparison.Ordinal);
        Assert.Contains("Runs out around", atRisk, StringComparison.Ordinal);
        Assert.Contains("No sessions today.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TodaysSessions_LinkEachPatientToTheirPage()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var authorization = await _core.AddAuthorizationAsync(actor, patientId, 100);
        var practitioner = await _core.AddPractitionerAsync(actor, Credential.RBT);
        var now = _core.Get<TimeProvider>().GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        await _core.Get<AppointmentScheduler>().BookAsync(
            actor, new BookingRequest(patientId, practitioner, authorization.Id, start, start.AddMinutes(30)), cancellationToken: Xunit.TestContext.Current.CancellationToken);
        await using var ctx = new BunitContext();
        ctx.WithCore(_core.ConnectionString, actor, Roles.Admin, new Claim(OmnirapeuticClaimTypes.DisplayName, "Clinic Admin"));

        var cut = ctx.Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal($"patients/{patientId}", cut.Find("[aria-label=\"Today's sessions\"] tbody a").GetAttribute("href")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Render_ForAnAdmin_WithOnlyAFreshUnusedAuthorization_RaisesNoFalseAlarm()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        await _core.AddAuthorizationAsync(actor, patientId, 1000);
        await using var ctx = new BunitContext();
        ctx.WithCore(_core.ConnectionString, actor, Roles.Admin, new Claim(OmnirapeuticClaimTypes.DisplayName, "Clinic Admin"));

        var cut = ctx.Render<Home>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-risk]")), TimeSpan.FromSeconds(10));
        Assert.Equal("Authorizations at risk (0)", cut.FindAll("h2").Single(h => h.TextContent.StartsWith("Authorizations at risk", StringComparison.Ordinal)).TextContent.Trim());
    }

    [Fact]
    public async Task WorklistCount_DropsWhenARenewalIsAnnounced()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var ending = await _core.AddAuthorizationAsync(actor, patientId, 100, start: today.AddDays(-60), end: today.AddDays(10));
        await using var ctx = new BunitContext();
        ctx.WithCore(_core.ConnectionString, actor, Roles.Admin, new Claim(OmnirapeuticClaimTypes.DisplayName, "Clinic Admin"));
        var cut = ctx.Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=worklist-count]").TextContent.Trim()), TimeSpan.FromSeconds(10));

        var successor = await _core.Get<UnitLedger>().RenewAsync(
            actor, ending.Id, new AuthorizationRenewal("NEXT-0001", today.AddDays(11), today.AddDays(191), 100), cancellationToken: Xunit.TestContext.Current.CancellationToken);
        ctx.Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(actor.OrganizationId, successor));

        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=worklist-count]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task NotesToWrite_ForAPractitioner_CountTheirCompletedSessions_AndMoveWhenOneIsCompleted()
    {
        var admin = await _core.AddClinicWithAdminAsync();
        var patientId = await _core.AddPatientAsync(admin);
        var authorization = await _core.AddAuthorizationAsync(admin, patientId, 100);
        var userId = await _core.Get<UserAdministration>().CreateAsync(
            admin, new NewUser("Riley Tech", $"{Guid.NewGuid():N}@example.test", "Strong-Password-1!", Roles.Practitioner, "Riley", "Tech", Credential.RBT), Xunit.TestContext.Current.CancellationToken);
        var practitioner = await _core.Get<PractitionerDirectory>().FindByUserAsync(admin.OrganizationId, userId, Xunit.TestContext.Current.CancellationToken);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(15), TimeSpan.Zero);
        var booked = await _core.Get<AppointmentScheduler>().BookAsync(
            admin, new BookingRequest(patientId, practitioner!.Id, authorization.Id, start, start.AddHours(1)), cancellationToken: Xunit.TestContext.Current.CancellationToken);
        await using var ctx = new BunitContext();
        ctx.WithCore(_core.ConnectionString, admin with { UserId = userId }, Roles.Practitioner, new Claim(OmnirapeuticClaimTypes.DisplayName, "Riley Tech"));
        var cut = ctx.Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=notes-count]").TextContent.Trim()), TimeSpan.FromSeconds(10));

        await _core.Get<AppointmentScheduler>().CompleteAsync(admin, booked.Id, booked.Start, booked.End, cancellationToken: Xunit.TestContext.Current.CancellationToken);
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(admin.OrganizationId, authorization.Id, Xunit.TestContext.Current.CancellationToken);
        ctx.Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(admin.OrganizationId, balance));

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=notes-count]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal("Write note", cut.Find("[data-testid=note-to-write] button").TextContent.Trim());
    }

    [Fact]
    public async Task SessionsToVerify_ForTheCaseSupervisor_CountTheDocumentedSessions_AndMoveWhenOneIsVerified()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var admin = await _core.AddClinicWithAdminAsync();
        var patientId = await _core.AddPatientAsync(admin);
        var authorization = await _core.AddAuthorizationAsync(admin, patientId, 100);
        var (rbt, rbtId) = await _core.AddPractitionerUserAsync(admin, "Riley Tech");
        var (supervisor, supervisorId) = await _core.AddPractitionerUserAsync(admin, "Morgan Analyst", Credential.BCBA);
        await _core.Get<PatientRegistry>().SetCaseSupervisorAsync(admin, patientId, supervisorId, ct);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(15), TimeSpan.Zero);
        var booked = await _core.Get<AppointmentScheduler>().BookAsync(admin, new BookingRequest(patientId, rbtId, authorization.Id, start, start.AddHours(1)), cancellationToken: ct);
        await _core.Get<AppointmentScheduler>().CompleteAsync(admin, booked.Id, booked.Start, booked.End, cancellationToken: ct);
        await _core.Get<SessionNotes>().SignAsync(rbt, booked.Id, new NoteContent("Manding", null, null, "Ten trials."), cancellationToken: ct);
        await using var ctx = new BunitContext();
        ctx.WithCore(_core.ConnectionString, supervisor, Roles.Practitioner, new Claim(OmnirapeuticClaimTypes.DisplayName, "Morgan Analyst"));
        var cut = ctx.Render<Home>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=verify-count]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Contains("Riley Tech", cut.Find("[data-testid=session-to-verify]").TextContent, StringComparison.Ordinal);

        await _core.Get<SessionVerification>().VerifyAsync(admin, booked.Id, isAdmin: true, cancellationToken: ct);
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(admin.OrganizationId, authorization.Id, ct);
        ctx.Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(admin.OrganizationId, balance));

        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=verify-count]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RevenueCard_ForAnAdmin_CountsWhatWaitsAtEachStep_AndMovesLive()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var admin = await _core.AddClinicWithAdminAsync();
        var patientId = await _core.AddPatientAsync(admin);
        var authorization = await _core.AddAuthorizationAsync(admin, patientId, 100);
        var (rbt, rbtId) = await _core.AddPractitionerUserAsync(admin, "Riley Tech");
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(15), TimeSpan.Zero);
        var booked = await _core.Get<AppointmentScheduler>().BookAsync(admin, new BookingRequest(patientId, rbtId, authorization.Id, start, start.AddHours(1)), cancellationToken: ct);
        await _core.Get<AppointmentScheduler>().CompleteAsync(admin, booked.Id, booked.Start, booked.End, cancellationToken: ct);
        await using var ctx = new BunitContext();
        ctx.WithCore(_core.ConnectionString, admin, Roles.Admin, new Claim(OmnirapeuticClaimTypes.DisplayName, "Clinic Admin"));
        var cut = ctx.Render<Home>();
        cut.WaitForAssertion(
            () => Assert.StartsWith("Waiting: notes to sign 1 · to verify 0 · to bill 0", cut.Find("[data-testid=revenue-waiting]").TextContent.Trim(), StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));

        await _core.Get<SessionNotes>().SignAsync(rbt, booked.Id, new NoteContent("Manding", null, null, "Ten trials."), cancellationToken: ct);
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(admin.OrganizationId, authorization.Id, ct);
        ctx.Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(admin.OrganizationId, balance));

        cut.WaitForAssertion(
            () => Assert.StartsWith("Waiting: notes to sign 0 · to verify 1 · to bill 0", cut.Find("[data-testid=revenue-waiting]").TextContent.Trim(), StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }
}
