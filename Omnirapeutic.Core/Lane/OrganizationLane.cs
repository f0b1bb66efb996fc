using System.Diagnostics;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Telemetry;

namespace Omnirapeutic.Core.Lane;

/// <summary>
/// The one path every change that moves units takes (ADR 6). An organization's changes queue in this node and are
/// applied in batches of up to <see cref="MaxBatch"/>, in arrival order: each batch is one SERIALIZABLE transaction,
/// taken only while the organization's lane lock is held in PostgreSQL, so one batch at a time runs for an
/// organization across every node. The batch loads what its changes declared once, applies each change on its own
/// against the state the batch has reached (a refused change leaves that state as it was), writes each change's
/// ledger entry, audit event and Idempotency-Key answer, and commits once with one notification.
/// </summary>
public sealed class OrganizationLane
{
    /// <summary>At most this many changes share a transaction, which keeps each one short.</summary>
    public const int MaxBatch = 64;

    private readonly SerializableUnitOfWork _unitOfWork;
    private readonly OmnirapeuticMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly BatchQueue<Guid, LaneCommand, object?> _queue;

    public OrganizationLane(SerializableUnitOfWork unitOfWork, OmnirapeuticMetrics metrics, TimeProvider time)
    {
        _unitOfWork = unitOfWork;
        _metrics = metrics;
        _time = time;
        _queue = new(ApplyAsync, MaxBatch, c => c.RunsAlone);
    }

    internal async Task<T> RunAsync<T>(LaneCommand<T> command, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        command.Caller = Activity.Current?.Context ?? default;
        try
        {
            var result = (T)(await _queue.RunAsync(command.Actor.OrganizationId, command, cancellationToken))!;
            _metrics.UnitOperation(command.Kind, "succeeded", Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception e)
        {
            _metrics.UnitOperation(command.Kind, Outcome(e), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>
    /// One transaction for the batch. The batch is taken from the queue only once the transaction holds the lane, so
    /// whatever arrived while another batch (this node's or another's) held it goes in with it. When the transaction
    /// fails for a reason other than the database being away (a bug, a constraint only one change broke, a change
    /// refused after it had moved something), every change is applied again in a transaction of its own, in order, so
    /// only the change at fault fails. The batch's span joins the trace of the change at the head of the queue and
    /// links to those of the others.
    /// </summary>
    private async Task<IReadOnlyList<Outcome<object?>>> ApplyAsync(Guid organizationId, LaneCommand head, BatchQueue<Guid, LaneCommand, object?>.Take take)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = OmnirapeuticTracing.Source.StartActivity(OmnirapeuticTracing.LaneBatch, ActivityKind.Internal, head.Caller);
        activity?.SetTag(OmnirapeuticTracing.OrganizationTag, organizationId);
        IReadOnlyList<LaneCommand> commands = [];
        try
        {
            return await ApplyInOneTransactionAsync(organizationId, () => commands = Traced(take(), activity));
        }
        catch (Exception e) when (commands.Count > 1 && e is not DatabaseUnavailableException and not OperationCanceledException)
        {
            _metrics.LedgerBatchIsolated();
            activity?.SetTag(OmnirapeuticTracing.BatchIsolatedTag, true);
            return await ApplyEachAloneAsync(organizationId, commands);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            if (commands.Count > 0)
            {
                _metrics.LedgerBatch(commands.Count, Stopwatch.GetElapsedTime(started));
            }
        }
    }

    /// <summary>The batch's size and kinds on its span (the size on its transaction's too), and a link to every other caller's trace; once, on the first take.</summary>
    private static IReadOnlyList<LaneCommand> Traced(IReadOnlyList<LaneCommand> commands, Activity? activity)
    {
        if (activity is null || activity.GetTagItem(OmnirapeuticTracing.BatchSizeTag) is not null)
        {
            return commands;
        }

        activity.SetTag(OmnirapeuticTracing.BatchSizeTag, commands.Count);
        activity.SetTag(OmnirapeuticTracing.BatchKindsTag, string.Join(',', commands.Select(c => c.Kind).Distinct()));

        // Taken inside the transaction: its span carries the size beside its retries.
        Activity.Current?.SetTag(OmnirapeuticTracing.BatchSizeTag, commands.Count);
        foreach (var command in commands)
        {
            if (command.Caller != default && command.Caller.SpanId != activity.ParentSpanId)
            {
                activity.AddLink(new ActivityLink(command.Caller));
            }
        }

        return commands;
    }

    private async Task<IReadOnlyList<Outcome<object?>>> ApplyEachAloneAsync(Guid organizationId, IReadOnlyList<LaneCommand> commands)
    {
        var outcomes = new Outcome<object?>[commands.Count];
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            try
            {
                outcomes[i] = (await ApplyInOneTransactionAsync(organizationId, () => [command]))[0];
            }
            catch (Exception e)
            {
                outcomes[i] = Outcome<object?>.Failed(e);
            }
        }

        return outcomes;
    }

    /// <summary>Takes the commands once the transaction holds the lane (again, the same ones, on a retry) and applies them.</summary>
    private Task<IReadOnlyList<Outcome<object?>>> ApplyInOneTransactionAsync(Guid organizationId, Func<IReadOnlyList<LaneCommand>> take) =>
        _unitOfWork.RunAsync<IReadOnlyList<Outcome<object?>>>(organizationId, async (db, ct) =>
        {
            var commands = take();
            if (commands.Count == 0)
            {
                return [];
            }

            var keys = commands.Where(c => c.Idempotency is not null).Select(c => c.Idempotency!).ToList();
            var answered = keys.Count == 0
                ? []
                : (await db.FindAnswersAsync(keys, _time.GetUtcNow(), ct)).ToDictionary(r => (r.UserId, r.Key));
            var batch = await LaneBatch.LoadAsync(
                db,
                organizationId,
                reads =>
                {
                    foreach (var command in commands)
                    {
                        command.Declare(reads);
                    }
                },
                _time,
                ct);
            var outcomes = new Outcome<object?>[commands.Count];
            for (var i = 0; i < commands.Count; i++)
            {
                var command = commands[i];
                var idempotency = command.Idempotency;
                if (idempotency is not null && answered.TryGetValue((idempotency.UserId, idempotency.Key), out var first))
                {
                    outcomes[i] = Replay(command, first);
                    continue;
                }

                batch.Begin(command);
                IdempotencyRecord? answer;
                try
                {
                    var result = await command.ApplyAsync(batch, ct);
                    outcomes[i] = Outcome<object?>.Of(result);
                    answer = idempotency is null ? null : command.Answered(result, _time.GetUtcNow());
                }
                catch (DomainException refusal) when (!batch.CurrentHasChanged || commands.Count == 1)
                {
                    if (batch.CurrentHasChanged)
                    {
                        // Alone in its transaction: drop what it moved before it was refused, keep only the answer.
                        db.ChangeTracker.Clear();
                        db.ChangedBalances.Clear();
                    }

                    outcomes[i] = Outcome<object?>.Failed(refusal);
                    answer = idempotency is null ? null : IdempotencyRecord.Refused(organizationId, idempotency, refusal, _time.GetUtcNow());
                }

                if (answer is not null)
                {
                    answered[(answer.UserId, answer.Key)] = db.IdempotencyRecords.Add(answer).Entity;
                }
            }

            return outcomes;
        }, CancellationToken.None);

    private static Outcome<object?> Replay(LaneCommand command, IdempotencyRecord first)
    {
        try
        {
            return Outcome<object?>.Of(command.Replay(first));
        }
        catch (DomainException refusal)
        {
            return Outcome<object?>.Failed(refusal);
        }
    }

    private static string Outcome(Exception e) => e switch
    {
        DomainException => "refused",
        DatabaseUnavailableException => "unavailable",
        OperationCanceledException => "cancelled",
        _ => "failed",
    };
}
