using Microsoft.AspNetCore.Components;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// A page that re-reads what it shows when a balance of its organization changes, or after the listener
/// reconnected (eShop's notifier pattern): it subscribes after the first render, marshals onto the renderer with
/// <c>InvokeAsync</c> and unsubscribes when disposed.
/// </summary>
public abstract class LiveBalancePage : ComponentBase, IDisposable
{
    private bool subscribed;

    [Inject]
    private BalanceNotifier Notifier { get; set; } = default!;

    /// <summary>The organization whose changes concern this page; set it once the signed-in user is known.</summary>
    protected Guid OrganizationId { get; set; }

    public void Dispose()
    {
        if (subscribed)
        {
            Notifier.BalanceChanged -= OnBalanceChangedAsync;
            Notifier.Resynchronize -= RefreshAsync;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Reads again what the page shows.</summary>
    protected abstract Task ReloadAsync();

    /// <summary>Whether a change of this organization touches what the page shows; every change by default.</summary>
    protected virtual bool Concerns(BalanceUpdate update) => true;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Notifier.BalanceChanged += OnBalanceChangedAsync;
            Notifier.Resynchronize += RefreshAsync;
            subscribed = true;
        }
    }

    private Task OnBalanceChangedAsync(BalanceUpdate update) =>
        update.OrganizationId == OrganizationId && Concerns(update) ? RefreshAsync() : Task.CompletedTask;

    private Task RefreshAsync() => InvokeAsync(async () =>
    {
        await ReloadAsync();
        StateHasChanged();
    });
}
