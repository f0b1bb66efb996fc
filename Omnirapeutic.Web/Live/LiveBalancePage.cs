using Microsoft.AspNetCore.Components;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// A page that follows its organization's committed balance changes (eShop's notifier pattern): it subscribes once it has
/// rendered interactively and knows its organization, receives each batch on the renderer with <c>InvokeAsync</c> and unsubscribes when disposed. By
/// default a batch costs one re-read and one redraw; a page that can show the numbers as they come overrides
/// <see cref="ApplyAsync"/>.
/// </summary>
public abstract class LiveBalancePage : ComponentBase, IDisposable
{
    private IDisposable? subscription;
    private Guid organizationId;
    private bool rendered;
    private bool disposed;

    [Inject]
    private BalanceNotifier Notifier { get; set; } = default!;

    /// <summary>The organization whose changes concern this page; set it once the signed-in user is known.</summary>
    protected Guid OrganizationId
    {
        get => organizationId;
        set
        {
            organizationId = value;
            SubscribeOnceInteractive();
        }
    }

    public void Dispose()
    {
        disposed = true;
        subscription?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads again what the page shows.</summary>
    protected abstract Task ReloadAsync();

    /// <summary>Whether a change touches what the page shows; every change of the organization by default. Runs off the renderer: compare, do not read state that changes.</summary>
    protected virtual bool Concerns(AuthorizationBalance balance) => true;

    /// <summary>Shows a batch of changed balances; by default re-reads what the page shows.</summary>
    protected virtual Task ApplyAsync(IReadOnlyList<AuthorizationBalance> balances) => ReloadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        rendered = true;
        SubscribeOnceInteractive();
    }

    /// <summary>After a render (so never while prerendering) and once the organization is known, whichever comes last.</summary>
    private void SubscribeOnceInteractive()
    {
        if (rendered && !disposed && subscription is null && organizationId != Guid.Empty)
        {
            subscription = Notifier.Subscribe(organizationId, DeliverAsync, Concerns);
        }
    }

    private Task DeliverAsync(LiveChanges changes) => InvokeAsync(async () =>
    {
        await (changes.Resynchronize ? ReloadAsync() : ApplyAsync(changes.Balances));
        StateHasChanged();
    });
}
