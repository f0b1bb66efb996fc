namespace Omnirapeutic.Core.Data;

/// <summary>
/// Queues work per key and hands it over in batches, first come first served: one batch of a key runs at a time, and
/// it takes its items only when it is ready to apply them (<see cref="Take"/>), so everything that arrived while it
/// waited for its turn goes in too, up to <c>maxBatch</c>, in arrival order. An item that must run alone gets a batch
/// of its own. Keys run in parallel; an idle key is forgotten. A caller that gives up before its batch is taken is left
/// out of it; once taken, its item runs to the end so its outcome is never in doubt. A run is told the item at the head
/// of the queue when it starts (the one it runs for first, e.g. whose trace it joins); it runs in no caller's execution
/// context.
/// </summary>
public sealed class BatchQueue<TKey, TItem, TResult>(
    Func<TKey, TItem, BatchQueue<TKey, TItem, TResult>.Take, Task<IReadOnlyList<Outcome<TResult>>>> run,
    int maxBatch,
    Func<TItem, bool>? runsAlone = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Queue<Waiting>> _lanes = [];

    /// <summary>
    /// Takes the batch off the queue: the first call takes what is waiting, every later call of the same run answers
    /// the same items. The run's outcomes are those items', in this order.
    /// </summary>
    public delegate IReadOnlyList<TItem> Take();

    /// <summary>How many keys have work queued or running.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_lanes)
            {
                return _lanes.Count;
            }
        }
    }

    public Task<TResult> RunAsync(TKey key, TItem item, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(item);
        if (cancellationToken.CanBeCanceled)
        {
            waiting.Cancellation = cancellationToken.Register(() => Abandon(waiting, cancellationToken));
        }

        Queue<Waiting>? started = null;
        lock (_lanes)
        {
            if (!_lanes.TryGetValue(key, out var lane))
            {
                started = lane = new Queue<Waiting>();
                _lanes.Add(key, lane);
            }

            lane.Enqueue(waiting);
        }

        if (started is not null)
        {
            // The caller's ambient state (its trace, for one) is not the drain's: every later batch would inherit it.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => DrainAsync(key, started), CancellationToken.None);
            }
        }

        return waiting.Completion.Task;
    }

    private void Abandon(Waiting waiting, CancellationToken cancellationToken)
    {
        lock (_lanes)
        {
            if (!waiting.Taken)
            {
                waiting.Completion.TrySetCanceled(cancellationToken);
            }
        }
    }

    private async Task DrainAsync(TKey key, Queue<Waiting> lane)
    {
        while (true)
        {
            TItem head;
            lock (_lanes)
            {
                while (lane.TryPeek(out var first) && first.Completion.Task.IsCompleted)
                {
                    lane.Dequeue();
                }

                if (lane.Count == 0)
                {
                    _lanes.Remove(key);
                    return;
                }

                head = lane.Peek().Item;
            }

            List<Waiting>? batch = null;
            IReadOnlyList<TItem>? items = null;
            IReadOnlyList<TItem> TakeBatch()
            {
                if (items is null)
                {
                    lock (_lanes)
                    {
                        batch = TakeFrom(lane);
                    }

                    items = batch.ConvertAll(w => w.Item);
                }

                return items;
            }

            try
            {
                var outcomes = await run(key, head, TakeBatch);
                TakeBatch();
                if (outcomes.Count != batch!.Count)
                {
                    throw new InvalidOperationException($"A batch of {batch.Count} answered {outcomes.Count} outcomes.");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    outcomes[i].SettleInto(batch[i].Completion);
                }
            }
            catch (Exception e)
            {
                TakeBatch();
                foreach (var waiting in batch!)
                {
                    waiting.Completion.TrySetException(e);
                }
            }
            finally
            {
                foreach (var waiting in batch ?? [])
                {
                    waiting.Cancellation.Dispose();
                }
            }
        }
    }

    /// <summary>Up to the limit in arrival order, stopping before an item that runs alone; that one, when first, alone.</summary>
    private List<Waiting> TakeFrom(Queue<Waiting> lane)
    {
        var batch = new List<Waiting>();
        while (batch.Count < maxBatch && lane.TryPeek(out var next))
        {
            if (next.Completion.Task.IsCompleted)
            {
                lane.Dequeue();
                continue;
            }

            var alone = runsAlone?.Invoke(next.Item) == true;
            if (alone && batch.Count > 0)
            {
                break;
            }

            lane.Dequeue();
            next.Taken = true;
            batch.Add(next);
            if (alone)
            {
                break;
            }
        }

        return batch;
    }

    private sealed class Waiting(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }

        public bool Taken { get; set; }
    }
}
