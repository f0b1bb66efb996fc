using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Telemetry;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// Owns every change to an authorization's units. An organization's changes queue in this node and are applied
/// in batches: each batch is one SERIALIZABLE transaction that reads its authorizations once, applies every
/// change in arrival order (each succeeds or is refused on its own, with its ledger entry and audit event) and
/// commits once (ADR 4).
/// </summary>
public sealed class UnitLedger
{
    public const int MaxReasonLength = 500;

    /// <summary>At most this many changes share a transaction, which keeps each one short.</summary>
    public const int MaxBatch = 64;

    private readonly SerializableUnitOfWork _unitOfWork;
    private readonly OmnirapeuticMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly BatchQueue<Guid, UnitChange, AuthorizationBalance> _changes;

    public UnitLedger(SerializableUnitOfWork unitOfWork, OmnirapeuticMetrics metrics, TimeProvider time)
    {
        _unitOfWork = unitOfWork;
        _metrics = metrics;
        _time = time;
        _changes = new(ApplyAsync, MaxBatch);
    }

    /// <summary>How many organizations have changes queued or running in this node.</summary>
    public int ActiveOrganizations => _changes.ActiveKeys;

    public Task<AuthorizationBalance> ReserveAsync(Actor actor, Guid authorizationId, int units, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, authorizationId, "reserve", $"{units}", idempotencyKey, (db, a, today) =>
        {
            a.Reserve(units, today);
            Record(db, a, LedgerEntryKind.Reserve, units, 0, actor, null, null, idempotencyKey);
        }, cancellationToken);

    public Task<AuthorizationBalance> ReleaseAsync(Actor actor, Guid authorizationId, int units, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, authorizationId, "release", $"{units}", idempotencyKey, (db, a, _) =>
        {
            a.Release(units);
            Record(db, a, LedgerEntryKind.Release, units, 0, actor, null, null, idempotencyKey);
        }, cancellationToken);

    public Task<AuthorizationBalance> ConsumeAsync(Actor actor, Guid authorizationId, int units, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, authorizationId, "consume", $"{units}", idempotencyKey, (db, a, today) =>
        {
            a.Consume(units, today);
            Record(db, a, LedgerEntryKind.Consume, units, 0, actor, null, null, idempotencyKey);
        }, cancellationToken);

    /// <summary>Sets a new total with a reason (admins); never below the units used and scheduled.</summary>
    public Task<AuthorizationBalance> AdjustTotalAsync(Actor actor, Guid authorizationId, int totalUnits, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        return ChangeAsync(actor, authorizationId, "adjust", $"{totalUnits}|{why}", idempotencyKey, (db, a, _) =>
        {
            var change = a.AdjustTotal(totalUnits);
            Record(db, a, LedgerEntryKind.Adjust, Math.Abs(change), change, actor, why, null, idempotencyKey);
        }, cancellationToken);
    }

    /// <summary>Withdraws an authorization (admins); refused while any session holds units on it.</summary>
    public Task<AuthorizationBalance> VoidAsync(Actor actor, Guid authorizationId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        return ChangeAsync(actor, authorizationId, "void", why, idempotencyKey, (db, a, _) =>
        {
            a.Void();
            db.ChangedBalances[a.Id] = new BalanceChanged(a.OrganizationId, a.Id, a.Version);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "authorization.void", "authorization", a.Id.ToString(),
                JsonSerializer.Serialize(new { reason = why, version = a.Version }), _time.GetUtcNow()));
        }, cancellationToken);
    }

    /// <summary>Opens a new authorization (admins) with an Adjust entry of its total.</summary>
    public async Task<AuthorizationBalance> CreateAsync(Actor actor, NewAuthorization request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var fingerprint = $"create|{request.PatientId}|{request.ServiceCode}|{request.AuthNumber}|{request.StartDate:O}|{request.EndDate:O}|{request.TotalUnits}";
        try
        {
            var balance = await _unitOfWork.RunAsync(actor.OrganizationId, IdempotencyKey.From(actor.UserId, idempotencyKey, fingerprint), async (db, ct) =>
            {
                if (!ServiceCode.Catalog.Any(c => c.Code == request.ServiceCode))
                {
                    throw DomainException.Invalid("invalid-service-code", $"'{request.ServiceCode}' is not one of the service codes 97151, 97153, 97155, 97156, 97157.");
                }

                if (!await db.Patients.AnyAsync(p => p.Id == request.PatientId, ct))
                {
                    throw DomainException.NotFound("patient");
                }

                var authNumber = request.AuthNumber?.Trim() ?? string.Empty;
                if (await db.Authorizations.AnyAsync(a => a.AuthNumber == authNumber, ct))
                {
                    throw DomainException.Conflict("duplicate-auth-number", $"Another authorization of this organization already has the number {authNumber}.");
                }

                var authorization = new Authorization(
                    actor.OrganizationId, request.PatientId, request.ServiceCode, authNumber, request.StartDate, request.EndDate, request.TotalUnits, _time.GetUtcNow());
                db.Authorizations.Add(authorization);
                Record(db, authorization, LedgerEntryKind.Adjust, request.TotalUnits, request.TotalUnits, actor, "Authorization opened", null, idempotencyKey);
                return AuthorizationBalance.Of(authorization);
            }, cancellationToken);
            _metrics.UnitOperation("create", "succeeded", Stopwatch.GetElapsedTime(started));
            return balance;
        }
        catch (Exception e)
        {
            _metrics.UnitOperation("create", Outcome(e), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>
    /// Writes one ledger entry and its audit event for a change already applied to <paramref name="authorization"/>,
    /// inside the caller's transaction. Scheduling uses it too, so every unit movement is recorded the same way.
    /// </summary>
    internal void Record(
        OmnirapeuticDbContext db,
        Authorization authorization,
        LedgerEntryKind kind,
        int units,
        int totalDelta,
        Actor actor,
        string? reason,
        Guid? appointmentId,
        string? idempotencyKey)
    {
        var now = _time.GetUtcNow();
        db.ChangedBalances[authorization.Id] = new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version);
        db.UnitLedger.Add(new UnitLedgerEntry(
            actor.OrganizationId, authorization.Id, kind, units, totalDelta, actor.UserId, reason, appointmentId, idempotencyKey, now));
        db.AuditEvents.Add(new AuditEvent(
            actor.OrganizationId,
            actor.UserId,
            $"authorization.{kind.ToString().ToLowerInvariant()}",
            "authorization",
            authorization.Id.ToString(),
            JsonSerializer.Serialize(new
            {
                units,
                totalDelta,
                appointmentId,
                total = authorization.TotalUnits,
                used = authorization.UsedUnits,
                scheduled = authorization.ScheduledUnits,
                version = authorization.Version,
            }),
            now));
    }

    private async Task<AuthorizationBalance> ChangeAsync(
        Actor actor,
        Guid authorizationId,
        string kind,
        string request,
        string? idempotencyKey,
        Action<OmnirapeuticDbContext, Authorization, DateOnly> apply,
        CancellationToken cancellationToken)
    {
        var idempotency = IdempotencyKey.From(actor.UserId, idempotencyKey, $"{kind}|{authorizationId}|{request}");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var balance = await _changes.RunAsync(actor.OrganizationId, new UnitChange(authorizationId, idempotency, apply), cancellationToken);
            _metrics.UnitOperation(kind, "succeeded", Stopwatch.GetElapsedTime(started));
            return balance;
        }
        catch (Exception e)
        {
            _metrics.UnitOperation(kind, Outcome(e), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>
    /// One transaction for a batch of an organization's changes. A refused change leaves its authorization as it
    /// was, so the changes after it see the balance they would have seen alone. A repeated Idempotency-Key, in an
    /// earlier transaction or earlier in this batch, gets the first answer again. When the batch's transaction fails
    /// for a reason other than the database being away (a bug, a constraint only one change broke), every change is
    /// applied again in a transaction of its own, in order, so only the change at fault fails.
    /// </summary>
    private async Task<IReadOnlyList<Outcome<AuthorizationBalance>>> ApplyAsync(Guid organizationId, IReadOnlyList<UnitChange> changes)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await ApplyInOneTransactionAsync(organizationId, changes);
        }
        catch (Exception e) when (changes.Count > 1 && e is not DatabaseUnavailableException and not OperationCanceledException)
        {
            _metrics.LedgerBatchIsolated();
            return await ApplyEachAloneAsync(organizationId, changes);
        }
        finally
        {
            _metrics.LedgerBatch(changes.Count, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<IReadOnlyList<Outcome<AuthorizationBalance>>> ApplyEachAloneAsync(Guid organizationId, IReadOnlyList<UnitChange> changes)
    {
        var outcomes = new Outcome<AuthorizationBalance>[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            try
            {
                outcomes[i] = (await ApplyInOneTransactionAsync(organizationId, [changes[i]]))[0];
            }
            catch (Exception e)
            {
                outcomes[i] = Outcome<AuthorizationBalance>.Failed(e);
            }
        }

        return outcomes;
    }

    private Task<IReadOnlyList<Outcome<AuthorizationBalance>>> ApplyInOneTransactionAsync(Guid organizationId, IReadOnlyList<UnitChange> changes) =>
        _unitOfWork.RunAsync<IReadOnlyList<Outcome<AuthorizationBalance>>>(organizationId, async (db, ct) =>
        {
            var keys = changes.Where(c => c.Idempotency is not null).Select(c => c.Idempotency!).ToList();
            var answered = keys.Count == 0
                ? []
                : (await db.FindAnswersAsync(keys, _time.GetUtcNow(), ct)).ToDictionary(r => (r.UserId, r.Key));
            var ids = changes.Select(c => c.AuthorizationId).Distinct().ToList();
            var authorizations = await db.Authorizations.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            var today = authorizations.Count == 0
                ? default
                : _time.Today(await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).SingleAsync(ct));

            var outcomes = new Outcome<AuthorizationBalance>[changes.Count];
            for (var i = 0; i < changes.Count; i++)
            {
                var idempotency = changes[i].Idempotency;
                if (idempotency is not null && answered.TryGetValue((idempotency.UserId, idempotency.Key), out var first))
                {
                    outcomes[i] = Replay(first, idempotency);
                    continue;
                }

                try
                {
                    var authorization = authorizations.GetValueOrDefault(changes[i].AuthorizationId) ?? throw DomainException.NotFound("authorization");
                    changes[i].Apply(db, authorization, today);
                    var balance = AuthorizationBalance.Of(authorization);
                    outcomes[i] = Outcome<AuthorizationBalance>.Of(balance);
                    if (idempotency is not null)
                    {
                        answered[(idempotency.UserId, idempotency.Key)] = db.IdempotencyRecords.Add(
                            IdempotencyRecord.Succeeded(organizationId, idempotency, balance, _time.GetUtcNow())).Entity;
                    }
                }
                catch (DomainException refusal)
                {
                    outcomes[i] = Outcome<AuthorizationBalance>.Failed(refusal);
                    if (idempotency is not null)
                    {
                        answered[(idempotency.UserId, idempotency.Key)] = db.IdempotencyRecords.Add(
                            IdempotencyRecord.Refused(organizationId, idempotency, refusal, _time.GetUtcNow())).Entity;
                    }
                }
            }

            return outcomes;
        }, CancellationToken.None);

    private static Outcome<AuthorizationBalance> Replay(IdempotencyRecord first, IdempotencyKey repeat)
    {
        try
        {
            return Outcome<AuthorizationBalance>.Of(first.Replay<AuthorizationBalance>(repeat));
        }
        catch (DomainException refusal)
        {
            return Outcome<AuthorizationBalance>.Failed(refusal);
        }
    }

    /// <summary>A change waiting for its organization's next batch.</summary>
    private sealed record UnitChange(Guid AuthorizationId, IdempotencyKey? Idempotency, Action<OmnirapeuticDbContext, Authorization, DateOnly> Apply);

    private static string Outcome(Exception e) => e switch
    {
        DomainException => "refused",
        DatabaseUnavailableException => "unavailable",
        OperationCanceledException => "cancelled",
        _ => "failed",
    };

    private static string RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength
            ? throw DomainException.Invalid("invalid-reason", $"Give a reason of 1 to {MaxReasonLength} characters.")
            : reason.Trim();
}
