using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Auditing;

/// <summary>
/// Access to PHI, audited off the request path: <see cref="Record"/> queues an event and returns at once; one writer per
/// node (<see cref="WriteAsync"/>, run by the web host) inserts what is queued in batches. Nothing queued is dropped: a
/// full queue makes the reader wait, a database away is retried, and stopping writes what is left first.
/// </summary>
public sealed class AccessLog(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    private const int BatchSize = 500;

    private readonly Channel<Queued> _queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(50_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues "<paramref name="actor"/> read <paramref name="entityType"/> <paramref name="entityId"/>"; details hold ids and numbers only.</summary>
    public ValueTask RecordAsync(Actor actor, string action, string entityType, string entityId, object? details = null, CancellationToken cancellationToken = default)
    {
        var entry = new AuditEvent(
            AuditEventKind.Access, actor.OrganizationId, actor.UserId, action, entityType, entityId,
            details is null ? null : JsonSerializer.Serialize(details), time.GetUtcNow());
        return _queue.Writer.TryWrite(new Queued(entry, null)) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(new Queued(entry, null), cancellationToken);
    }

    /// <summary>Completes once every event queued before the call is in the database.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Queued(null, written), cancellationToken);
        await written.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes queued events until <paramref name="stoppingToken"/> fires, then writes what is still queued and returns.</summary>
    public async Task WriteAsync(Action<Exception> onFailure, CancellationToken stoppingToken)
    {
        var batch = new List<AuditEvent>(BatchSize);
        var flushes = new List<TaskCompletionSource>();
        while (true)
        {
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                await DrainAsync(batch, flushes, onFailure);
                return;
            }

            Take(batch, flushes);
            while (!await TryInsertAsync(batch, onFailure, stoppingToken))
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    await DrainAsync(batch, flushes, onFailure);
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }

            Complete(batch, flushes);
        }
    }

    private void Take(List<AuditEvent> batch, List<TaskCompletionSource> flushes)
    {
        while (batch.Count < BatchSize && _queue.Reader.TryRead(out var queued))
        {
            if (queued.Event is { } entry)
            {
                batch.Add(entry);
            }
            else
            {
                flushes.Add(queued.Flushed!);
            }
        }
    }

    private static void Complete(List<AuditEvent> batch, List<TaskCompletionSource> flushes)
    {
        batch.Clear();
        foreach (var flushed in flushes)
        {
            flushed.TrySetResult();
        }

        flushes.Clear();
    }

    // On the way down: one attempt for each batch still queued; what the database refuses now is reported, not retried.
    private async Task DrainAsync(List<AuditEvent> batch, List<TaskCompletionSource> flushes, Action<Exception> onFailure)
    {
        do
        {
            Take(batch, flushes);
            await TryInsertAsync(batch, onFailure, CancellationToken.None);
            Complete(batch, flushes);
        }
        while (_queue.Reader.TryPeek(out _));
    }

    private async Task<bool> TryInsertAsync(List<AuditEvent> batch, Action<Exception> onFailure, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.AuditEvents.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            onFailure(e);
            return false;
        }
    }

    private sealed record Queued(AuditEvent? Event, TaskCompletionSource? Flushed);
}
