using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Tests.Scheduling;

public sealed class SchedulingQueueTests
{
    [Fact]
    public async Task Run_OnOneOrganization_RunsOneAtATimeInArrivalOrder()
    {
        var queue = new SchedulingQueue();
        var id = Guid.NewGuid();
        var running = 0;
        var mostAtOnce = 0;
        var order = new List<int>();
        var release = new TaskCompletionSource();

        var first = queue.RunAsync(id, async () => { await release.Task; order.Add(0); return 0; }, TestContext.Current.CancellationToken);
        var rest = Enumerable.Range(1, 20).Select(i => queue.RunAsync(id, async () =>
        {
            mostAtOnce = Math.Max(mostAtOnce, Interlocked.Increment(ref running));
            await Task.Yield();
            order.Add(i);
            Interlocked.Decrement(ref running);
            return i;
        }, TestContext.Current.CancellationToken)).ToList();
        release.SetResult();
        await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(1, mostAtOnce);
        Assert.Equal(Enumerable.Range(0, 21), order);
        Assert.Equal(0, queue.ActiveOrganizations);
    }

    [Fact]
    public async Task Run_OnDifferentOrganizations_DoesNotWaitForEachOther()
    {
        var queue = new SchedulingQueue();
        var blocker = new TaskCompletionSource<int>();
        var blocked = queue.RunAsync(Guid.NewGuid(), () => blocker.Task, TestContext.Current.CancellationToken);

        var other = await queue.RunAsync(Guid.NewGuid(), () => Task.FromResult(42), TestContext.Current.CancellationToken);

        Assert.Equal(42, other);
        Assert.False(blocked.IsCompleted);
        blocker.SetResult(1);
        Assert.Equal(1, await blocked);
    }

    [Fact]
    public async Task Run_WhenTheWaiterIsCancelled_NeverRunsItsWork()
    {
        var queue = new SchedulingQueue();
        var id = Guid.NewGuid();
        var holder = new TaskCompletionSource<int>();
        var held = queue.RunAsync(id, () => holder.Task, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var waiting = queue.RunAsync(id, () => { ran = true; return Task.FromResult(0); }, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        holder.SetResult(1);
        await held;
        Assert.False(ran);
        Assert.Equal(0, queue.ActiveOrganizations);
    }

    [Fact]
    public async Task Run_WhenTheWorkFails_LetsTheNextOneRun()
    {
        var queue = new SchedulingQueue();
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.RunAsync<int>(id, () => throw new InvalidOperationException(), TestContext.Current.CancellationToken));
        var next = await queue.RunAsync(id, () => Task.FromResult(7), TestContext.Current.CancellationToken);

        Assert.Equal(7, next);
    }
}
