using System.Data;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Telemetry;

namespace Omnirapeutic.Core.Data;

/// <summary>
/// Runs a unit of work in one SERIALIZABLE transaction on a fresh context per attempt, inside the organization's
/// lane (an advisory lock held from before BEGIN to after COMMIT, so an organization's write transactions run one at
/// a time across every node), retrying serialization failures (40001), deadlocks (40P01) and connections lost before
/// COMMIT, and prepared statements a schema change has made stale (a migration applied while the node runs), with
/// jittered exponential backoff, a bounded number of times. Everything that moves units comes here
/// through <see cref="Lane.OrganizationLane"/>; the organization's other writes (patients, settings) come here directly.
/// </summary>
public sealed partial class SerializableUnitOfWork(
    IDbContextFactory<OmnirapeuticDbContext> dbFactory,
    WriteConnection writeConnection,
    OmnirapeuticMetrics metrics,
    TimeProvider time,
    ILogger<SerializableUnitOfWork> logger)
{
    /// <summary>Attempts while the database cannot be reached: about a second of retrying, then 503.</summary>
    public const int MaxAttempts = 10;

    /// <summary>
    /// Attempts after serialization failures. Within an organization the lane leaves nothing to conflict; what remains
    /// are other organizations' transactions that share an index page with this one (every organization's sessions
    /// share the first pages of a new database's indexes), and those clear within a few commits.
    /// </summary>
    public const int MaxContentionAttempts = 25;

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs <paramref name="work"/>, saves its changes, announces the balances it changed and commits; a
    /// serialization failure, deadlock or connection lost before COMMIT runs it again from a fresh context.
    /// </summary>
    public async Task<T> RunAsync<T>(
        Guid organizationId,
        Func<OmnirapeuticDbContext, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        using var activity = OmnirapeuticTracing.Source.StartActivity(OmnirapeuticTracing.Transaction);
        activity?.SetTag(OmnirapeuticTracing.OrganizationTag, organizationId);
        for (var attempt = 1; ; attempt++)
        {
            activity?.SetTag(OmnirapeuticTracing.RetriesTag, attempt - 1);
            var committing = false;
            try
            {
                await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
                db.Database.AutoSavepointsEnabled = false;
                db.Database.SetConnectionString(writeConnection.ConnectionString);
                await db.Database.OpenConnectionAsync(cancellationToken);
                await EnterLaneAsync(db, organizationId, cancellationToken);
                try
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
                    var result = await work(db, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    await AnnounceAsync(db, cancellationToken);
                    committing = true;
                    await transaction.CommitAsync(cancellationToken);
                    metrics.NotificationsSent(db.ChangedBalances.Count);
                    return result;
                }
                finally
                {
                    await LeaveLaneAsync(db, organizationId);
                }
            }
            catch (Exception exception) when (ConstraintRefusals.Translate(exception) is { } refusal)
            {
                throw refusal;
            }
            catch (Exception exception) when (Classify(exception, committing) is { } reason)
            {
                activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["reason"] = reason.ToString(), ["attempt"] = attempt }));
                if (reason == RetryReason.OutcomeUnknown)
                {
                    LogGaveUp(logger, exception, "commit-interrupted", attempt);
                    metrics.GaveUp("commit-interrupted");
                    throw new DatabaseUnavailableException("The connection to the database broke while saving; the change may not have been saved.", true, exception);
                }

                if (reason == RetryReason.LaneBusy)
                {
                    LogGaveUp(logger, exception, "lane-busy", attempt);
                    metrics.GaveUp("lane-busy");
                    throw new DatabaseUnavailableException(
                        $"Another of the organization's changes held its turn for over {WriteConnection.LockTimeoutSeconds} s; nothing was saved. Try again shortly.", false, exception);
                }

                if (reason == RetryReason.NoConnection)
                {
                    // The whole connection timeout has already passed; waiting it out again would only make callers hang.
                    LogGaveUp(logger, exception, "no-connection", attempt);
                    metrics.GaveUp("no-connection");
                    throw new DatabaseUnavailableException("No database connection came free in time; nothing was saved. Try again shortly.", false, exception);
                }

                var reasonName = reason switch
                {
                    RetryReason.Contention => "contention",
                    RetryReason.StalePlan => "stale-plan",
                    _ => "connection",
                };
                if (attempt >= (reason == RetryReason.Contention ? MaxContentionAttempts : MaxAttempts))
                {
                    LogGaveUp(logger, exception, reasonName, attempt);
                    metrics.GaveUp(reasonName);
                    throw new DatabaseUnavailableException(
                        reason == RetryReason.Contention
                            ? $"The database stayed too busy to save the change after {MaxContentionAttempts} attempts; nothing was saved."
                            : "The database cannot be reached; nothing was saved.",
                        false,
                        exception);
                }

                metrics.Retried(reasonName);
                await Task.Delay(Backoff(attempt), time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Takes the organization's lane in PostgreSQL: a session-level advisory lock, taken before the transaction
    /// begins so that its snapshot is taken after the previous holder committed (a transaction-level lock taken inside
    /// the transaction would come after the snapshot, and SSI would abort the waiter). One transaction per organization
    /// runs at a time across every node; a waiter waits at most the write connection's <c>lock_timeout</c>. A node that
    /// dies holding it loses its sessions, and PostgreSQL releases the lock with them (ADR 6).
    /// </summary>
    private async Task EnterLaneAsync(OmnirapeuticDbContext db, Guid organizationId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using (OmnirapeuticTracing.Source.StartActivity(OmnirapeuticTracing.LaneWait))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LaneKey(organizationId)})", cancellationToken);
        }

        metrics.LaneWaited(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Gives the lane back once the transaction has committed or rolled back. When the connection broke, its session
    /// ended and PostgreSQL has already released the lock.
    /// </summary>
    private static async Task LeaveLaneAsync(OmnirapeuticDbContext db, Guid organizationId)
    {
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LaneKey(organizationId)})", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The organization's lane as one of PostgreSQL's 64-bit advisory lock keys: the two halves of its id folded together.</summary>
    internal static long LaneKey(Guid organizationId)
    {
        Span<byte> bytes = stackalloc byte[16];
        organizationId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }

    /// <summary>
    /// <c>pg_notify</c> inside the transaction: PostgreSQL delivers it only if the COMMIT succeeds, so a rolled-back
    /// change is never announced, and listeners on every node hear the same thing. A traced transaction sends its span's
    /// id along, so every node's fan-out joins the trace.
    /// </summary>
    private static async Task AnnounceAsync(OmnirapeuticDbContext db, CancellationToken cancellationToken)
    {
        if (db.ChangedBalances.Count == 0)
        {
            return;
        }

        var trace = Activity.Current is { Recorded: true } current ? current.Id : null;
        var payloads = db.ChangedBalances.Values.Select(change => JsonSerializer.Serialize(change with { Trace = trace })).ToArray();
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({BalanceChanged.Channel}, p) FROM unnest({payloads}) AS p", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A unit of work gave up ({Reason}) after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string reason, int attempts);

    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private enum RetryReason
    {
        Contention,
        Connection,
        NoConnection,
        OutcomeUnknown,
        LaneBusy,
        StalePlan,
    }

    /// <summary>Errors arrive wrapped at different depths (DbUpdateException, InvalidOperationException): walk the chain.</summary>
    private static RetryReason? Classify(Exception exception, bool committing)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                    return RetryReason.Contention;
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_idempotency_records" }:
                    // The same key raced in from another node; the retry replays the winner's answer.
                    return RetryReason.Contention;
                case PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable }:
                    return RetryReason.LaneBusy;
                case PostgresException { SqlState: PostgresErrorCodes.FeatureNotSupported, Routine: "RevalidateCachedQuery" }:
                    // "cached plan must not change result type": a column a prepared statement returns changed under it.
                    // Npgsql has dropped that statement, so the next attempt prepares it against the new schema.
                    return RetryReason.StalePlan;
                case PostgresException postgres when IsConnectionLoss(postgres.SqlState):
                    return committing ? RetryReason.OutcomeUnknown : RetryReason.Connection;
                case PostgresException:
                    return null;
                case NpgsqlException { InnerException: TimeoutException }:
                    // The pool had no connection free (or the server did not answer) within the connection's Timeout.
                    return committing ? RetryReason.OutcomeUnknown : RetryReason.NoConnection;
                case NpgsqlException { IsTransient: true }:
                    return committing ? RetryReason.OutcomeUnknown : RetryReason.Connection;
            }
        }

        return null;
    }

    private static bool IsConnectionLoss(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
