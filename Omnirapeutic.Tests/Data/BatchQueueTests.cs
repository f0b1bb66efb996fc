using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Tests.Data;

public sealed class BatchQueueTests
{
    [Fact]
    public async Task Run_WhileABatchRuns_TakesEverythingThatArrivedAsTheNextBatchInArrivalOrder()
    {
        var batches = new List<IReadOnlyList<int>>();
        var firstRunning = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var queue = new BatchQueue<string, int, int>(async (_, _, take) =>
        {
            var items = take();
            batches.Add(items);
            if (batches.Count == 1)
            {
                firstRunning.SetResult();
                await releaseFirst.Task;
            }

            return items.Select(i => Outcome<int>.Of(i * 10)).ToList();
        }, maxBatch: 100);

        var first = queue.RunAsync("a", 0, TestContext.Current.CancellationToken);
        await firstRunning.Task;
        var rest = Enumerable.Range(1, 20).Select(i => queue.RunAsync("a", i, TestContext.Current.CancellationToken)).ToList();
        releaseFirst.SetResult();
        var results = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(Enumerable.Range(0, 21).Select(i => i * 10), results);
        Assert.Equal([[0], Enumerable.Range(1, 20).ToList()], batches);
        Assert.Equal(0, queue.ActiveKeys);
    }

    [Fact]
    public async Task Run_WithMoreWaitingThanTheLimit_SplitsThemIntoBatchesOfTheLimit()
    {
        var sizes = new List<int>();
        var releaseFirst = new TaskCompletionSource();
        var queue = new BatchQueue<string, int, int>(async (_, _, take) =>
        {
            var items = take();
            sizes.Add(items.Count);
            await releaseFirst.Task;
            return items.Select(Outcome<int>.Of).ToList();
        }, maxBatch: 4);

        var all = Enumerable.Range(0, 11).Select(i => queue.RunAsync("a", i, TestContext.Current.CancellationToken)).ToList();
        releaseFirst.SetResult();
        await Task.WhenAll(all);

        Assert.Equal(11, sizes.Sum());
        Assert.All(sizes, size => Assert.InRange(size, 1, 4));
    }

    [Fact]
    public async Task Run_OnDifferentKeys_DoesNotWaitForEachOther()
    {
        var blocker = new TaskCompletionSource();
        var queue = new BatchQueue<string, int, int>(async (key, _, take) =>
        {
            var items = take();
            if (key == "blocked")
            {
                await blocker.Task;
            }

            return items.Select(Outcome<int>.Of).ToList();
        }, maxBatch: 10);
        var blocked = queue.RunAsync("blocked", 1, TestContext.Current.CancellationToken);

        var other = await queue.RunAsync("free", 42, TestContext.Current.CancellationToken);

        Assert.Equal(42, other);
        Assert.False(blocked.IsCompleted);
        blocker.SetResult();
        Assert.Equal(1, await blocked);
    }

    [Fact]
    public async Task Run_WhenTheCallerGivesUpWhileWaiting_IsLeftOutOfTheBatch()
    {
        var seen = new List<int>();
        var firstRunning = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var queue = new BatchQueue<string, int, int>(async (_, _, take) =>
        {
            var items = take();
            seen.AddRange(items);
            firstRunning.TrySetResult();
            await releaseFirst.Task;
            return items.Select(Outcome<int>.Of).ToList();
        }, maxBatch: 10);
        var first = queue.RunAsync("a", 1, TestContext.Current.CancellationToken);
        await firstRunning.Task;
        using var cancel = new CancellationTokenSource();

        var abandoned = queue.RunAsync("a", 2, cancel.Token);
        var kept = queue.RunAsync("a", 3, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        releaseFirst.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var answers = await Task.WhenAll(first, kept);
        Assert.Equal([1, 3], answers);
        Assert.Equal([1, 3], seen);
    }

    [Fact]
    public async Task Run_WhenABatchFails_FailsEachOfItsCallersAndRunsTheNext()
    {
        var calls = 0;
        var queue = new BatchQueue<string, int, int>((_, _, take) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("broken")
                : Task.FromResult<IReadOnlyList<Outcome<int>>>(take().Select(Outcome<int>.Of).ToList()), maxBatch: 10);

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.RunAsync("a", 1, TestContext.Current.CancellationToken));
        var next = await queue.RunAsync("a", 7, TestContext.Current.CancellationToken);

        Assert.Equal(7, next);
    }

    [Fact]
    public async Task Run_WithAFailedOutcome_RefusesOnlyThatCaller()
    {
        var queue = new BatchQueue<string, int, int>((_, _, take) =>
            Task.FromResult<IReadOnlyList<Outcome<int>>>(take()
                .Select(i => i < 0 ? Outcome<int>.Failed(new ArgumentOutOfRangeException("units")) : Outcome<int>.Of(i))
                .ToList()), maxBatch: 10);

        var refused = queue.RunAsync("a", -1, TestContext.Current.CancellationToken);
        var granted = queue.RunAsync("a", 5, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => refused);
        Assert.Equal(5, await granted);
    }

    [Fact]
    public async Task Run_TakesTheBatchOnlyWhenTheRunIsReady_SoWhatArrivesWhileItWaitsForItsTurnGoesIn()
    {
        var batches = new List<IReadOnlyList<int>>();
        var waitingForTurn = new TaskCompletionSource();
        var turn = new TaskCompletionSource();
        var queue = new BatchQueue<string, int, int>(async (_, _, take) =>
        {
            if (batches.Count == 0)
            {
                waitingForTurn.SetResult();
                await turn.Task;
            }

            var items = take();
            batches.Add(items);
            Assert.Same(items, take());
            return items.Select(Outcome<int>.Of).ToList();
        }, maxBatch: 100);

        var first = queue.RunAsync("a", 0, TestContext.Current.CancellationToken);
        await waitingForTurn.Task;
        var rest = Enumerable.Range(1, 5).Select(i => queue.RunAsync("a", i, TestContext.Current.CancellationToken)).ToList();
        turn.SetResult();
        var results = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal(Enumerable.Range(0, 6), results);
        Assert.Equal([Enumerable.Range(0, 6).ToList()], batches);
    }

    [Fact]
    public async Task Run_WithAnItemThatRunsAlone_GivesItABatchOfItsOwnAndKeepsArrivalOrder()
    {
        var batches = new List<IReadOnlyList<int>>();
        var waitingForTurn = new TaskCompletionSource();
        var turn = new TaskCompletionSource();
        var queue = new BatchQueue<string, int, int>(async (_, _, take) =>
        {
            if (batches.Count == 0 && !waitingForTurn.Task.IsCompleted)
            {
                waitingForTurn.SetResult();
                await turn.Task;
            }

            var items = take();
            batches.Add(items);
            return items.Select(Outcome<int>.Of).ToList();
        }, maxBatch: 100, runsAlone: i => i < 0);

        var all = new List<Task<int>> { queue.RunAsync("a", 1, TestContext.Current.CancellationToken) };
        await waitingForTurn.Task;
        all.AddRange(new[] { 2, -3, 4, 5 }.Select(i => queue.RunAsync("a", i, TestContext.Current.CancellationToken)));
        turn.SetResult();
        await Task.WhenAll(all);

        Assert.Equal([[1, 2], [-3], [4, 5]], batches);
    }

    [Fact]
    public async Task Run_WhenTheRunFailsBeforeTakingItsBatch_FailsTheCallersItWouldHaveTaken()
    {
        var calls = 0;
        var queue = new BatchQueue<string, int, int>((_, _, take) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new TimeoutException("no connection")
                : Task.FromResult<IReadOnlyList<Outcome<int>>>(take().Select(Outcome<int>.Of).ToList()), maxBatch: 10);

        await Assert.ThrowsAsync<TimeoutException>(() => queue.RunAsync("a", 1, TestContext.Current.CancellationToken));

        Assert.Equal(8, await queue.RunAsync("a", 8, TestContext.Current.CancellationToken));
        Assert.Equal(2, calls);
    }
}
