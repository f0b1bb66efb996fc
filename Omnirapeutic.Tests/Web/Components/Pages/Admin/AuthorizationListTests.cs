using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Admin;
using Omnirapeutic.Web.Components.Submissions;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

public sealed class AuthorizationListTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private DatabaseLink _link = null!;
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;

    public async ValueTask InitializeAsync()
    {
        _link = DatabaseLink.Start(postgres);
        _core = await CoreServices.StartAsync(postgres, _link.Route);
        (_actor, _patientId) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _core.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Fact]
    public async Task Render_WithMoreAuthorizationsThanAPage_ShowsTheFirstPageAndTheTotal()
    {
        for (var i = 0; i < 27; i++)
        {
            await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        }

        await using var ctx = CreateContext();

        var cut = ctx.Render<AuthorizationList>();

        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count), Patience);
        Assert.Contains("1-25 of 27", cut.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilterByPatient_WithPartOfAName_NarrowsTheGridToThatPatient()
    {
        var other = await _core.AddPatientAsync(_actor);
        var wanted = await _core.AddAuthorizationAsync(_actor, other, 50);
        await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await _core.AddAuthorizationAsync(_actor, _patientId, 200);
        var (elsewhere, elsewherePatient) = await _core.AddClinicAsync();
        await _core.AddAuthorizationAsync(elsewhere, elsewherePatient, 50);
        await using var ctx = CreateContext();
        var cut = ctx.Render<AuthorizationList>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count), Patience);

        await cut.InvokeAsync(() => cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "Patient").Find("input").Input("other"));

        cut.WaitForAssertion(() => Assert.Equal([wanted.AuthNumber], Rows(cut).Select(r => r.QuerySelector("td")!.TextContent.Trim())), Patience);
        Assert.Contains("1-1 of 1", cut.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilterByPatient_FromALaterPage_ShowsTheFirstPageOfTheNarrowerList()
    {
        for (var i = 0; i < 27; i++)
        {
            await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        }

        var wanted = await _core.AddAuthorizationAsync(_actor, await _core.AddPatientAsync(_actor), 50);
        await using var ctx = CreateContext();
        var cut = ctx.Render<AuthorizationList>();
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count), Patience);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Next page']").Click());
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count), Patience);

        await cut.InvokeAsync(() => cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "Patient").Find("input").Input("other"));

        cut.WaitForAssertion(() => Assert.Equal([wanted.AuthNumber], Rows(cut).Select(r => r.QuerySelector("td")!.TextContent.Trim())), Patience);
    }

    [Fact]
    public async Task AdjustTotal_BelowTheCommittedUnits_ShowsTheRefusalAndChangesNothing()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await _core.Get<UnitLedger>().ReserveAsync(_actor, authorization.Id, 30, cancellationToken: Xunit.TestContext.Current.CancellationToken);
        await using var ctx = CreateContext();
        var (cut, providers) = await OpenAdjustAsync(ctx, authorization, 20, "Payer cut the approval");
        await providers.InvokeAsync(() => providers.FindAll("button").Single(b => b.TextContent.Trim() == "Adjust total").Click());

        const string refusal = "the total cannot go below 30";
        providers.WaitForAssertion(() => Assert.Contains(refusal, providers.Find(".mud-dialog [role=alert]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Contains(refusal, providers.Find(".mud-snackbar").TextContent, StringComparison.Ordinal);
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, authorization.Id, Xunit.TestContext.Current.CancellationToken);
        Assert.Equal((50, 30), (balance.TotalUnits, balance.ScheduledUnits));
    }

    [Fact]
    public async Task AdjustTotal_WhenTheDatabaseIsAway_KeepsTheDialogAndThePageAndTheRetryAdjustsOnce()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await using var ctx = CreateContext();
        var (cut, providers) = await OpenAdjustAsync(ctx, authorization, 80, "Payer extended the approval");
        _link.Cut();

        await providers.InvokeAsync(() => providers.FindAll("button").Single(b => b.TextContent.Trim() == "Adjust total").Click());

        providers.WaitForAssertion(() => Assert.Equal(DatabaseOutage.NothingSaved, providers.Find(".mud-dialog [role=alert]").TextContent.Trim()), Patience);
        Assert.Single(Rows(cut));
        _link.Restore();
        Assert.Equal(50, (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, authorization.Id, Xunit.TestContext.Current.CancellationToken)).TotalUnits);
        await providers.InvokeAsync(() => providers.FindAll("button").Single(b => b.TextContent.Trim() == "Adjust total").Click());
        cut.WaitForAssertion(() => Assert.Equal("80", Cell(cut, "Total")), Patience);
        var history = await _core.Get<AuthorizationDirectory>().HistoryAsync(_actor.OrganizationId, authorization.Id, Xunit.TestContext.Current.CancellationToken);
        Assert.Single(history, line => line.Reason == "Payer extended the approval");
    }

    [Fact]
    public async Task BalanceChanged_ForTheOrganization_RereadsTheGrid()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await using var ctx = CreateContext();
        var cut = ctx.Render<AuthorizationList>();
        cut.WaitForAssertion(() => Assert.Equal("50", Cell(cut, "Available")), Patience);
        var balance = await _core.Get<UnitLedger>().ReserveAsync(_actor, authorization.Id, 12, cancellationToken: Xunit.TestContext.Current.CancellationToken);

        ctx.Services.GetRequiredService<BalanceNotifier>().Publish(new BalanceUpdate(_actor.OrganizationId, balance));

        cut.WaitForAssertion(() => Assert.Equal(("12", "38"), (Cell(cut, "Scheduled"), Cell(cut, "Available"))), Patience);
    }

    /// <summary>The list with the authorization's adjust dialog open and filled in, not yet sent.</summary>
    private static async Task<(IRenderedComponent<AuthorizationList> Page, IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Providers)> OpenAdjustAsync(
        BunitContext ctx, AuthorizationBalance authorization, int total, string reason)
    {
        var providers = RenderProviders(ctx);
        var cut = ctx.Render<AuthorizationList>();
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)), Patience);
        await cut.InvokeAsync(() => cut.Find($"button[aria-label='Adjust total of {authorization.AuthNumber}']").Click());
        providers.WaitForAssertion(() => Assert.NotEmpty(providers.FindAll(".mud-dialog")), Patience);
        await providers.InvokeAsync(() => providers.FindComponents<MudNumericField<int>>().Single().Find("input").Change(total.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await providers.InvokeAsync(() => providers.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "Reason").Find("textarea").Change(reason));
        return (cut, providers);
    }

    [Fact]
    public async Task ALimitedAuthorization_ShowsTodaysDayAndWeekHeldOfTheirLimits()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 500);
        await _core.Get<UnitLedger>().AdjustAsync(_actor, authorization.Id, null, new UnitLimits(PerDay: 32, PerWeek: 160), "Commercial plan", cancellationToken: Xunit.TestContext.Current.CancellationToken);
        await _core.Get<UnitLedger>().ReserveAsync(_actor, authorization.Id, 12, cancellationToken: Xunit.TestContext.Current.CancellationToken);
        await using var ctx = CreateContext();

        var cut = ctx.Render<AuthorizationList>();

        cut.WaitForAssertion(() => Assert.Equal(["day 12 / 32", "week 12 / 160"], cut.FindAll("[data-testid=grid-period]").Select(p => p.TextContent.Trim())), Patience);
    }

    private BunitContext CreateContext() => new BunitContext().WithCore(_core.ConnectionString, _actor, Roles.Admin);

    private static IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> RenderProviders(BunitContext ctx) =>
        ctx.Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
        });

    private static string Cell(IRenderedComponent<AuthorizationList> cut, string column)
    {
        var headers = cut.FindAll("thead th").Select(h => h.TextContent.Trim()).ToList();
        return Rows(cut).Single().QuerySelectorAll("td")[headers.IndexOf(column)].TextContent.Trim();
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<AuthorizationList> cut) => cut.FindAll("tbody .mud-table-row");
}
