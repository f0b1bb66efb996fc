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
/// Owns every change to an authorization's units. Each change runs queued behind the other changes to the
/// same authorization in this node, in one SERIALIZABLE transaction that also writes the ledger entry and
/// the audit event.
/// </summary>
public sealed class UnitLedger(
    SerializableUnitOfWork unitOfWork,
    AuthorizationQueue queue,
    OmnirapeuticMetrics metrics,
    TimeProvider time)
{
    public const int MaxReasonLength = 500;

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
                JsonSerializer.Serialize(new { reason = why, version = a.Version }), time.GetUtcNow()));
        }, cancellationToken);
    }

    /// <summary>Opens a new authorization (admins) with an Adjust entry of its total.</summary>
    public async Task<AuthorizationBalance> CreateAsync(Actor actor, NewAuthorization request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var fingerprint = $"create|{request.PatientId}|{request.ServiceCode}|{request.AuthNumber}|{request.StartDate:O}|{request.EndDate:O}|{request.TotalUnits}";
        try
        {
            var balance = await unitOfWork.RunAsync(actor.OrganizationId, IdempotencyKey.From(idempotencyKey, fingerprint), async (db, ct) =>
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
                    actor.OrganizationId, request.PatientId, request.ServiceCode, authNumber, request.StartDate, request.EndDate, request.TotalUnits, time.GetUtcNow());
                db.Authorizations.Add(authorization);
                Record(db, authorization, LedgerEntryKind.Adjust, request.TotalUnits, request.TotalUnits, actor, "Authorization opened", null, idempotencyKey);
                return AuthorizationBalance.Of(authorization);
            }, cancellationToken);
            metrics.UnitOperation("create", "succeeded", Stopwatch.GetElapsedTime(started));
            return balance;
        }
        catch (Exception e)
        {
            metrics.UnitOperation("create", Outcome(e), Stopwatch.GetElapsedTime(started));
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
        var now = time.GetUtcNow();
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
        Action<OmnirapeuticDbContext, Authorization, DateOnly> change,
        CancellationToken cancellationToken)
    {
        var idempotency = IdempotencyKey.From(idempotencyKey, $"{kind}|{authorizationId}|{request}");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var balance = await queue.RunAsync(
                authorizationId,
                () => unitOfWork.RunAsync(actor.OrganizationId, idempotency, async (db, ct) =>
                {
                    var row = await db.Authorizations
                        .Where(a => a.Id == authorizationId)
                        .Select(a => new
                        {
                            Authorization = a,
                            TimeZoneId = db.Organizations.Where(o => o.Id == a.OrganizationId).Select(o => o.TimeZoneId).Single(),
                        })
                        .SingleOrDefaultAsync(ct)
                        ?? throw DomainException.NotFound("authorization");
                    change(db, row.Authorization, time.Today(row.TimeZoneId));
                    return AuthorizationBalance.Of(row.Authorization);
                }, cancellationToken),
                cancellationToken);
            metrics.UnitOperation(kind, "succeeded", Stopwatch.GetElapsedTime(started));
            return balance;
        }
        catch (Exception e)
        {
            metrics.UnitOperation(kind, Outcome(e), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

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
