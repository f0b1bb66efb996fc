namespace Omnirapeutic.Core.Data;

/// <summary>
/// Queues work per key and hands it over in batches, first come first served: while one batch of a key runs,
/// whatever arrives for that key waits, and the next batch takes all of it (up to <c>maxBatch</c>) in arrival
/// order. Keys run in parallel; an idle key is forgotten. A caller that gives up before its batch is taken is
/// left out of it; once taken, its item runs to the end so its outcome is never in doubt.
/// </summary>
public sealed class BatchQueue<TKey, TItem, TResult>(
    Func<TKey, IReadOnlyList<TItem>, Task<IReadOnlyList<Outcome<TResult>>>> run,
    int maxBatch)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Queue<Waiting>> _lanes = [];

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
            _ = Task.Run(() => DrainAsync(key, started), CancellationToken.None);
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
            var batch = new List<Waiting>();
            lock (_lanes)
            {
                while (batch.Count < maxBatch && lane.TryDequeue(out var next))
                {
                    if (!next.Completion.Task.IsCompleted)
                    {
                        next.Taken = true;
                        batch.Add(next);
                    }
                }

                if (batch.Count == 0)
                {
                    _lanes.Remove(key);
                    return;
                }
            }

            try
            {
                var outcomes = await run(key, batch.ConvertAll(w => w.Item));
                for (var i = 0; i < batch.Count; i++)
                {
                    outcomes[i].SettleInto(batch[i].Completion);
                }
            }
            catch (Exception e)
            {
                foreach (var waiting in batch)
                {
                    waiting.Completion.TrySetException(e);
                }
            }
            finally
            {
                foreach (var waiting in batch)
                {
                    waiting.Cancellation.Dispose();
                }
            }
        }
    }

    private sealed class Waiting(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }

        public bool Taken { get; set; }
    }
}
