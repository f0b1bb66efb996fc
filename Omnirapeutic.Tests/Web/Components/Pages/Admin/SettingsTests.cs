using Bunit;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Admin;

namespace Omnirapeutic.Tests.Web.Components.Pages.Admin;

public sealed class SettingsTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly OrganizationSettings Defaults = new("America/New_York", UnitRoundingRule.Midpoint, 20, 30);

    private CoreServices _core = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        _admin = await _core.AddClinicWithAdminAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Save_WithNewValues_StoresThemAndSaysSo()
    {
        await using var context = new BunitContext();
        var (_, snackbars, popovers) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        page.Labelled("Time zone").Input("Chicago");
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "America/Chicago"), AdminPages.Wait);
        await popovers.InvokeAsync(() => popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "America/Chicago").Click());
        await page.ChooseAsync("Full15");
        await page.EnterAsync("Low-balance alert threshold (percent)", "35");
        await page.EnterAsync("Expiry alert (days before the end date)", "60");
        await page.PressAsync("Save settings");

        snackbars.WaitForAssertion(
            () => Assert.Contains("Settings saved.", snackbars.Find("#mud-snackbar-container").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Equal(
            new OrganizationSettings("America/Chicago", UnitRoundingRule.Full15, 35, 60),
            await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task Save_WithNumbersOutOfRange_ShowsTheErrorsAndSavesNothing()
    {
        await using var context = new BunitContext();
        AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.EnterAsync("Low-balance alert threshold (percent)", "150");
        await page.EnterAsync("Expiry alert (days before the end date)", "400");
        await page.PressAsync("Save settings");

        page.WaitForAssertion(() => Assert.Contains("Enter a percentage from 0 to 100.", page.Markup, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Contains("Enter a number of days from 0 to 365.", page.Markup, StringComparison.Ordinal);
        Assert.Equal(Defaults, await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task Save_CalendarHours_SavesThem_AndAnEndBeforeTheStartIsShownAndSavesNothing()
    {
        await using var context = new BunitContext();
        var (_, snackbars, _) = AdminPages.Start(context, _core.ConnectionString, _admin);
        var page = RenderPage(context);

        await page.EnterAsync("Calendars start at (hour)", "12");
        await page.EnterAsync("Calendars end at (hour)", "9");
        await page.PressAsync("Save settings");

        page.WaitForAssertion(() => Assert.Contains("Enter an hour after 12, at most 24.", page.Markup, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Equal(Defaults, await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct));
        await page.EnterAsync("Calendars start at (hour)", "6");
        await page.EnterAsync("Calendars end at (hour)", "20");
        await page.PressAsync("Save settings");

        snackbars.WaitForAssertion(
            () => Assert.Contains("Settings saved.", snackbars.Find("#mud-snackbar-container").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        Assert.Equal(Defaults with { CalendarStartHour = 6, CalendarEndHour = 20 }, await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct));
    }

    [Fact]
    public async Task Render_ExplainsEachRoundingRuleAndShowsTheCurrentSettings()
    {
        await using var context = new BunitContext();
        AdminPages.Start(context, _core.ConnectionString, _admin);

        var page = RenderPage(context);

        Assert.Equal("America/New_York", page.Labelled("Time zone").GetAttribute("value"));
        Assert.Equal("20", page.Labelled("Low-balance alert threshold (percent)").GetAttribute("value"));
        Assert.Equal("30", page.Labelled("Expiry alert (days before the end date)").GetAttribute("value"));
        var radios = page.FindAll("label.mud-radio");
        Assert.Equal(["Midpoint", "Cms8Minute", "Full15"], radios.Select(r => r.TextContent.Trim()));
        Assert.True(radios[0].QuerySelector("input")!.HasAttribute("checked"));
        Assert.Contains("8 or more left over", page.Markup, StringComparison.Ordinal);
    }

    private static IRenderedComponent<Settings> RenderPage(BunitContext context)
    {
        var page = context.Render<Settings>();
        page.WaitForElement("form, .mud-form", AdminPages.Wait);
        return page;
    }
}
