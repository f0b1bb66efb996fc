using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Live;

public sealed class BalanceNotifierTests : BunitContext
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly Guid Organization = Guid.NewGuid();

    private readonly BalanceNotifier _notifier = new(NullLogger<BalanceNotifier>.Instance);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneSubscriberThatNeverReturns_DelaysNoneOfTheOthers()
    {
        var stuck = new TaskCompletionSource();
        using var blocked = _notifier.Subscribe(Organization, _ => stuck.Task);
        var heard = Enumerable.Range(0, 99).Select(_ => new TaskCompletionSource<LiveChanges>(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var others = heard.Select(h => _notifier.Subscribe(Organization, changes =>
        {
            h.TrySetResult(changes);
            return Task.CompletedTask;
        })).ToList();

        _notifier.Publish(new BalanceUpdate(Organization, Balance(version: 1, scheduled: 4)));
        _notifier.Publish(new BalanceUpdate(Organization, Balance(version: 2, scheduled: 8)));

        var delivered = await Task.WhenAll(heard.Select(h => h.Task)).WaitAsync(Bound, Ct);
        Assert.All(delivered, changes => Assert.Contains(changes.Balances, b => b.ScheduledUnits is 4 or 8));
        others.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task AChangeOfAnotherOrganization_OrOfAnAuthorizationThePageDoesNotShow_IsNotDelivered()
    {
        var shown = Balance(version: 1, scheduled: 4);
        var delivered = new List<LiveChanges>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _notifier.Subscribe(Organization, changes =>
        {
            delivered.Add(changes);
            last.TrySetResult();
            return Task.CompletedTask;
        }, concerns: b => b.Id == shown.Id);

        _notifier.Publish(new BalanceUpdate(Guid.NewGuid(), shown with { Version = 5 }));
        _notifier.Publish(new BalanceUpdate(Organization, Balance(version: 9, scheduled: 1)));
        _notifier.Publish(new BalanceUpdate(Organization, shown));
        await last.Task.WaitAsync(Bound, Ct);

        Assert.Equal(shown, Assert.Single(Assert.Single(delivered).Balances));
        Assert.Equal(1, _notifier.SubscriberCount(Organization));
    }

    [Fact]
    public async Task ABurstOf500ChangesToOneAuthorization_EndsWithEveryPageShowingTheLast_InAFewRedrawsEach()
    {
        Services.AddSingleton(_notifier);
        var pages = Enumerable.Range(0, 20).Select(_ => Render<ShownUnits>(p => p.Add(c => c.Organization, Organization))).ToList();
        Assert.Equal(pages.Count, _notifier.SubscriberCount(Organization));
        var balance = Balance(version: 0, scheduled: 0);

        await Task.Run(() =>
        {
            for (var version = 1; version <= 500; version++)
            {
                _notifier.Publish(new BalanceUpdate(Organization, balance with { Version = version, ScheduledUnits = version }));
            }
        }, Ct);

        foreach (var page in pages)
        {
            page.WaitForAssertion(() => Assert.Equal("500", page.Find("output").TextContent), Bound);
            Assert.InRange(page.Instance.Deliveries, 1, 25);
        }
    }

    private static AuthorizationBalance Balance(long version, int scheduled) => new(
        Guid.NewGuid(), "AUTH-1", Guid.NewGuid(), Guid.NewGuid(), "97153", new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30),
        100, 0, scheduled, 100 - scheduled, UnitLimits.None, AuthorizationStatus.Active, version);

    /// <summary>A live page that shows the scheduled units it was given, and counts its deliveries.</summary>
    private sealed class ShownUnits : LiveBalancePage
    {
        private AuthorizationBalance? shown;

        [Parameter]
        public Guid Organization { get; set; }

        public int Deliveries { get; private set; }

        protected override void OnInitialized() => OrganizationId = Organization;

        protected override Task ReloadAsync() => Task.CompletedTask;

        protected override Task ApplyAsync(IReadOnlyList<AuthorizationBalance> balances)
        {
            Deliveries++;
            shown = balances.MaxBy(b => b.Version);
            return Task.CompletedTask;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "output");
            builder.AddContent(1, shown?.ScheduledUnits);
            builder.CloseElement();
        }
    }
}
