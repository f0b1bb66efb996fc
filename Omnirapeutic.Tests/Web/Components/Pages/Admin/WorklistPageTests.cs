using Bunit;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Admin;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

public sealed class WorklistPageTests(PostgresServer postgres) : BunitContext, IAsyncLifetime
{
    private CoreServices _core = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _core = await CoreServices.StartAsync(postgres);

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task Renew_FromTheWorklist_OpensTheNextPeriodForAsManyUnits_AndTakesTheRowOffTheList()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var ending = await _core.AddAuthorizationAsync(actor, patientId, 120, start: today.AddDays(-60), end: today.AddDays(20));
        await _core.AddAuthorizationAsync(actor, patientId, 50, start: today.AddDays(-60), end: today.AddDays(200));
        var (dialogs, _, _) = AdminPages.Start(this, _core.ConnectionString, actor);
        var cut = Render<WorklistPage>();
        cut.WaitForAssertion(() => Assert.Equal("(1)", cut.Find("[data-testid=worklist-total]").TextContent.Trim()), AdminPages.Wait);
        Assert.Contains(ending.AuthNumber, cut.Find("[data-testid=worklist-renewals]").TextContent, StringComparison.Ordinal);

        await cut.PressAsync("Renew");
        dialogs.WaitForAssertion(() => Assert.Contains("0 scheduled sessions from", dialogs.Find("[data-testid=renew-moving]").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        await dialogs.EnterAsync("New authorization number", "RENEWED-0001");
        await dialogs.PressAsync("Renew");

        cut.WaitForAssertion(() => Assert.Equal("(0)", cut.Find("[data-testid=worklist-total]").TextContent.Trim()), AdminPages.Wait);
        var successor = (await _core.Get<AuthorizationDirectory>().ListAsync(actor.OrganizationId, patientId, Ct)).Single(a => a.AuthNumber == "RENEWED-0001");
        Assert.Equal((ending.Id, today.AddDays(21), today.AddDays(21 + 80), 120), (successor.PredecessorId, successor.StartDate, successor.EndDate, successor.TotalUnits));
        Assert.Contains("No authorization ends within its payer's renewal lead time", cut.Find("[data-testid=worklist-renewals]").TextContent, StringComparison.Ordinal);
    }
}
