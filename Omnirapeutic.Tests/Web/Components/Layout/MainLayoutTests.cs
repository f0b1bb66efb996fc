using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Layout;
using Omnirapeutic.Web.Components.Pages.Admin;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Tests.Web.Components.Layout;

public sealed class MainLayoutTests(PostgresServer postgres) : BunitContext, IAsyncLifetime
{
    private DatabaseLink _link = null!;
    private CoreServices _core = null!;

    public async ValueTask InitializeAsync()
    {
        _link = DatabaseLink.Start(postgres);
        _core = await CoreServices.StartAsync(postgres, _link.Route);
        var (actor, _) = await _core.AddClinicAsync();
        this.WithCore(_core.ConnectionString, actor, Roles.Admin);
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
        SetRendererInfo(new RendererInfo("Server", true));
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _core.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Fact]
    public async Task APage_WhoseLoadFindsTheDatabaseAway_ShowsTheMessageInTheLayoutAndLoadsOnRetry()
    {
        _link.Cut();

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, builder =>
        {
            builder.OpenComponent<Settings>(0);
            builder.CloseComponent();
        }));

        layout.WaitForAssertion(() => Assert.Equal(DatabaseOutage.NothingSaved, layout.Find("[data-testid=page-failure]").TextContent.Trim()), AdminPages.Wait);
        Assert.NotEmpty(layout.FindAll("nav a[href='admin/settings']"));
        _link.Restore();
        await layout.PressAsync("Try again");
        layout.WaitForAssertion(() => Assert.NotNull(layout.Find("button:contains('Save settings')")), AdminPages.Wait);
        Assert.Empty(layout.FindAll("[data-testid=page-failure]"));
    }

    /// <summary>The sign-out form's token comes from the HTTP request, which a component test has none of.</summary>
    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
