using System.Collections.Immutable;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// In-process fan-out of committed balance changes to the node's Blazor components. Subscriptions are per
/// organization, optionally narrowed to the authorizations a page shows; publishing never waits for a subscriber:
/// each has a mailbox that keeps only the newest version of each authorization (drop-to-latest, so it holds at most
/// one entry per authorization) and is drained by one delivery at a time. A slow or stuck page therefore delays
/// nobody else, and a burst of changes reaches a page as one batch. <see cref="Resynchronize"/> (after the listener
/// reconnects: changes may have been missed) asks every page to re-read.
/// </summary>
public sealed partial class BalanceNotifier(ILogger<BalanceNotifier> logger)
{
    private readonly ILogger<BalanceNotifier> log = logger;
    private readonly Lock gate = new();
    private ImmutableDictionary<Guid, ImmutableArray<Subscription>> byOrganization = ImmutableDictionary<Guid, ImmutableArray<Subscription>>.Empty;

    /// <summary>
    /// Delivers the changes of <paramref name="organizationId"/> that pass <paramref name="concerns"/> (called on the
    /// publisher's thread: keep it to a comparison) to <paramref name="deliver"/>, one batch at a time. Dispose to stop.
    /// </summary>
    public IDisposable Subscribe(Guid organizationId, Func<LiveChanges, Task> deliver, Func<AuthorizationBalance, bool>? concerns = null)
    {
        var subscription = new Subscription(this, organizationId, deliver, concerns ?? (_ => true));
        lock (gate)
        {
            byOrganization = byOrganization.SetItem(organizationId, byOrganization.GetValueOrDefault(organizationId, []).Add(subscription));
        }

        return subscription;
    }

    /// <summary>The number of live subscriptions of an organization.</summary>
    public int SubscriberCount(Guid organizationId) => Volatile.Read(ref byOrganization).GetValueOrDefault(organizationId, []).Length;

    internal void Publish(BalanceUpdate update)
    {
        foreach (var subscription in Volatile.Read(ref byOrganization).GetValueOrDefault(update.OrganizationId, []))
        {
            subscription.Post(update.Balance);
        }
    }

    internal void Resynchronize()
    {
        foreach (var subscription in Volatile.Read(ref byOrganization).Values.SelectMany(s => s))
        {
            subscription.PostResynchronize();
        }
    }

    /// <summary>Asks every page of one organization to re-read: its calendars changed without a balance (a supervision meeting).</summary>
    internal void Resynchronize(Guid organizationId)
    {
        foreach (var subscription in Volatile.Read(ref byOrganization).GetValueOrDefault(organizationId, []))
        {
            subscription.PostResynchronize();
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            var remaining = byOrganization.GetValueOrDefault(subscription.OrganizationId, []).Remove(subscription);
            byOrganization = remaining.IsEmpty ? byOrganization.Remove(subscription.OrganizationId) : byOrganization.SetItem(subscription.OrganizationId, remaining);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-update subscriber failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);

    /// <summary>One page's mailbox: the newest balance per authorization not yet delivered, and whether to re-read.</summary>
    private sealed class Subscription(
        BalanceNotifier notifier, Guid organizationId, Func<LiveChanges, Task> deliver, Func<AuthorizationBalance, bool> concerns) : IDisposable
    {
        private readonly Lock gate = new();
        private Dictionary<Guid, AuthorizationBalance> pending = [];
        private bool resynchronize;
        private bool delivering;
        private bool disposed;

        public Guid OrganizationId => organizationId;

        public void Post(AuthorizationBalance balance)
        {
            if (!concerns(balance))
            {
                return;
            }

            lock (gate)
            {
                if (!pending.TryGetValue(balance.Id, out var queued) || queued.Version < balance.Version)
                {
                    pending[balance.Id] = balance;
                }

                StartDelivering();
            }
        }

        public void PostResynchronize()
        {
            lock (gate)
            {
                resynchronize = true;
                StartDelivering();
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                pending = [];
            }

            notifier.Remove(this);
        }

        /// <summary>Called under the lock: one delivery loop per subscription, started on the thread pool.</summary>
        private void StartDelivering()
        {
            if (!delivering && !disposed)
            {
                delivering = true;
                _ = Task.Run(DeliverAsync);
            }
        }

        private async Task DeliverAsync()
        {
            while (true)
            {
                LiveChanges changes;
                lock (gate)
                {
                    if (disposed || (pending.Count == 0 && !resynchronize))
                    {
                        delivering = false;
                        return;
                    }

                    changes = new LiveChanges([.. pending.Values], resynchronize);
                    (pending, resynchronize) = ([], false);
                }

                try
                {
                    await deliver(changes);
                }
                catch (Exception e)
                {
                    // A closed circuit or a failing page: its own loss; the mailbox stays usable for the next change.
                    LogSubscriberFailed(notifier.log, e);
                }
            }
        }
    }
}
