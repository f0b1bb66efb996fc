using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Omnirapeutic.Web.Components.Layout;

namespace Omnirapeutic.Tests.Web.Components.Layout;

/// <summary>
/// The automatic logoff on a fake clock: quiet until a minute before the organization's idle minutes, then a
/// countdown, then the page's sign-out; activity in the page (or the warning's button) starts the clock again.
/// </summary>
public sealed class IdleLogoffTests : BunitContext
{
    private const string Module = "./Components/Layout/IdleLogoff.razor.js";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero));
    private readonly BunitJSModuleInterop _module;

    public IdleLogoffTests()
    {
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_clock);
        JSInterop.Mode = JSRuntimeMode.Loose;
        _module = JSInterop.SetupModule(Module);
        _module.SetupVoid("watch", _ => true).SetVoidResult();
        _module.SetupVoid("signOut").SetVoidResult();
    }

    [Fact]
    public void AMinuteBeforeTheIdleMinutes_ItWarnsAndCountsDown_ThenSignsOut()
    {
        var cut = Render<IdleLogoff>(p => p.Add(c => c.Minutes, 15));

        _clock.Advance(TimeSpan.FromMinutes(14) - TimeSpan.FromSeconds(1));
        var quiet = cut.FindAll("[data-testid=idle-warning]").Count;
        _clock.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Contains("signed out in 60 s", cut.Find("[data-testid=idle-warning]").TextContent, StringComparison.Ordinal));
        _clock.Advance(TimeSpan.FromSeconds(20));
        cut.WaitForAssertion(() => Assert.Contains("signed out in 40 s", cut.Find("[data-testid=idle-warning]").TextContent, StringComparison.Ordinal));
        var signedOutEarly = _module.Invocations.Count(i => i.Identifier == "signOut");
        _clock.Advance(TimeSpan.FromSeconds(40));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations, i => i.Identifier == "signOut"));
        Assert.Equal((0, 0), (quiet, signedOutEarly));
        Assert.Single(_module.Invocations, i => i.Identifier == "watch");
    }

    [Fact]
    public void ActivityInThePage_OrTheWarningsButton_StartsTheClockAgain()
    {
        var cut = Render<IdleLogoff>(p => p.Add(c => c.Minutes, 15));

        _clock.Advance(TimeSpan.FromMinutes(10));
        cut.InvokeAsync(() => cut.Instance.Active());
        _clock.Advance(TimeSpan.FromMinutes(13));
        var afterActivity = cut.FindAll("[data-testid=idle-warning]").Count;
        _clock.Advance(TimeSpan.FromMinutes(1));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=idle-warning]")));
        cut.Find("[data-testid=idle-warning] button").Click();
        var afterStay = cut.FindAll("[data-testid=idle-warning]").Count;
        _clock.Advance(TimeSpan.FromMinutes(14) - TimeSpan.FromSeconds(1));

        Assert.Equal((0, 0), (afterActivity, afterStay));
        Assert.Empty(cut.FindAll("[data-testid=idle-warning]"));
        Assert.DoesNotContain(_module.Invocations, i => i.Identifier == "signOut");
    }
}
