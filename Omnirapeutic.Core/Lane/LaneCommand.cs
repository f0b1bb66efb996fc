using System.Diagnostics;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Lane;

/// <summary>
/// One change that moves units, waiting for its organization's next batch: what it will read (declared before the
/// batch loads anything, so a batch reads everything its changes need in a few queries) and what it does with the
/// state the batch has reached.
/// </summary>
internal abstract class LaneCommand(Actor actor, string kind, IdempotencyKey? idempotency, bool runsAlone)
{
    public Actor Actor { get; } = actor;

    /// <summary>
    /// Whether the change needs a transaction of its own: one that changes what the batch was loaded by (the
    /// organization's time zone decides which dates every other change reads), or one that reads from the database
    /// what earlier changes of a batch would not have saved yet (a renewal moves every session of an authorization).
    /// </summary>
    public bool RunsAlone { get; } = runsAlone;

    /// <summary>What the metrics call this change: reserve, book, cancel, ...</summary>
    public string Kind { get; } = kind;

    public IdempotencyKey? Idempotency { get; } = idempotency;

    /// <summary>The span of the request or page event that asked for the change: its batch joins that trace or links to it.</summary>
    public ActivityContext Caller { get; set; }

    public abstract void Declare(LaneReads reads);

    public abstract Task<object?> ApplyAsync(LaneBatch batch, CancellationToken cancellationToken);

    /// <summary>The first answer to this command's key, for a repeat of the same request.</summary>
    public abstract object? Replay(IdempotencyRecord first);

    public abstract IdempotencyRecord Answered(object? result, DateTimeOffset at);
}

/// <summary>A change whose caller gets a <typeparamref name="T"/>.</summary>
internal sealed class LaneCommand<T>(
    Actor actor,
    string kind,
    IdempotencyKey? idempotency,
    Action<LaneReads> declare,
    Func<LaneBatch, CancellationToken, Task<T>> apply,
    bool runsAlone = false)
    : LaneCommand(actor, kind, idempotency, runsAlone)
{
    public override void Declare(LaneReads reads) => declare(reads);

    public override async Task<object?> ApplyAsync(LaneBatch batch, CancellationToken cancellationToken) => await apply(batch, cancellationToken);

    public override object? Replay(IdempotencyRecord first) => first.Replay<T>(Idempotency!);

    public override IdempotencyRecord Answered(object? result, DateTimeOffset at) =>
        IdempotencyRecord.Succeeded(Actor.OrganizationId, Idempotency!, (T)result!, at);
}
