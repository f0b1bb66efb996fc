using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Omnirapeutic.Web.Components.Layout;

/// <summary>
/// HIPAA's automatic logoff for an open page. Activity in the page (a key, a click, the pointer, scrolling, here or in
/// another of the user's tabs), reported by <c>IdleLogoff.razor.js</c>, restarts the clock; a live update arriving
/// does not. A minute before <see cref="Minutes"/> pass without any, a warning counts down; then the page submits
/// its sign-out form. The clock is the server's <see cref="TimeProvider"/>, one timer per page.
/// </summary>
public sealed partial class IdleLogoff
{
    public static readonly TimeSpan Warning = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private ITimer? timer;
    private DateTimeOffset lastActive;
    private int? secondsLeft;
    private bool signingOut;
    private IJSObjectReference? module;
    private DotNetObjectReference<IdleLogoff>? self;

    /// <summary>The organization's idle logoff, from the user's sign-in.</summary>
    [Parameter, EditorRequired]
    public int Minutes { get; set; }

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private TimeSpan Allowed => TimeSpan.FromMinutes(Minutes);

    /// <summary>Activity in the page (or another tab of the user's): the clock starts again and any warning goes.</summary>
    [JSInvokable]
    public Task Active() => InvokeAsync(() =>
    {
        lastActive = Time.GetUtcNow();
        secondsLeft = null;
        Schedule(Allowed - Warning);
        StateHasChanged();
    });

    public async ValueTask DisposeAsync()
    {
        timer?.Dispose();
        self?.Dispose();
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is gone with its circuit: nothing to let go of in it.
            }
        }
    }

    protected override void OnInitialized()
    {
        lastActive = Time.GetUtcNow();
        timer = Time.CreateTimer(_ => _ = InvokeAsync(TickAsync), null, Allowed - Warning, Timeout.InfiniteTimeSpan);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Layout/IdleLogoff.razor.js");
            self = DotNetObjectReference.Create(this);
            await module.InvokeVoidAsync("watch", self);
        }
    }

    private async Task TickAsync()
    {
        var left = lastActive + Allowed - Time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            if (!signingOut && module is not null)
            {
                signingOut = true;
                await module.InvokeVoidAsync("signOut");
            }

            return;
        }

        if (left <= Warning)
        {
            secondsLeft = (int)Math.Ceiling(left.TotalSeconds);
            Schedule(left < Second ? left : Second);
        }
        else
        {
            secondsLeft = null;
            Schedule(left - Warning);
        }

        StateHasChanged();
    }

    private Task StayAsync() => Active();

    private void Schedule(TimeSpan due) => timer?.Change(due, Timeout.InfiniteTimeSpan);
}
