using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// The admin's and the API's changes to an authorization's units: open, reserve, release, consume, adjust, approve, deny, renew and void.
/// Each is a command on the organization's lane (<see cref="OrganizationLane"/>), applied in a batch with the
/// organization's other unit changes, sessions included.
/// </summary>
public sealed class UnitLedger(OrganizationLane lane)
{
    public const int MaxReasonLength = 500;

    /// <summary>Schedules units on <paramref name="date"/> (today in the organization's time zone when null).</summary>
    public Task<AuthorizationBalance> ReserveAsync(
        Actor actor, Guid authorizationId, int units, DateOnly? date = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        DatedAsync(actor, authorizationId, "reserve", units, date, idempotencyKey, (batch, a, day) => batch.Reserve(a, units, day), cancellationToken);

    /// <summary>Gives back units scheduled on <paramref name="date"/> (today when null); refused when that date holds fewer.</summary>
    public Task<AuthorizationBalance> ReleaseAsync(
        Actor actor, Guid authorizationId, int units, DateOnly? date = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        DatedAsync(actor, authorizationId, "release", units, date, idempotencyKey, (batch, a, day) => batch.Release(a, units, day), cancellationToken);

    /// <summary>Bills units scheduled on <paramref name="date"/> (today when null); refused when that date holds fewer.</summary>
    public Task<AuthorizationBalance> ConsumeAsync(
        Actor actor, Guid authorizationId, int units, DateOnly? date = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        DatedAsync(actor, authorizationId, "consume", units, date, idempotencyKey, (batch, a, day) => batch.Consume(a, units, day), cancellationToken);

    /// <summary>Sets a new total with a reason (admins); never below the units used and scheduled.</summary>
    public Task<AuthorizationBalance> AdjustTotalAsync(Actor actor, Guid authorizationId, int totalUnits, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        AdjustAsync(actor, authorizationId, totalUnits, null, reason, idempotencyKey, cancellationToken);

    /// <summary>
    /// A new total, new limits per day, week and month, or both, in one change with one reason (admins): a total never
    /// below the units used and scheduled, a limit never below what one of its periods already holds.
    /// </summary>
    public Task<AuthorizationBalance> AdjustAsync(
        Actor actor, Guid authorizationId, int? totalUnits, UnitLimits? limits, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        if (totalUnits is null && limits is null)
        {
            throw DomainException.Invalid("nothing-to-adjust", "Give a new total, new limits, or both.");
        }

        return lane.RunAsync(
            new LaneCommand<AuthorizationBalance>(
                actor,
                "adjust",
                IdempotencyKey.From(actor.UserId, idempotencyKey, $"adjust|{authorizationId}|{totalUnits}|{limits}|{why}"),
                reads =>
                {
                    reads.Authorizations.Add(authorizationId);
                    if (limits is not null)
                    {
                        reads.AllPeriods.Add(authorizationId);
                    }
                },
                (batch, _) =>
                {
                    var authorization = batch.Authorization(authorizationId);
                    var newLimits = limits is not null && limits != authorization.Limits;
                    var newTotal = totalUnits is { } t && t != authorization.TotalUnits;
                    if (!newLimits && !newTotal)
                    {
                        throw DomainException.Invalid("unchanged", $"Authorization {authorization.AuthNumber} already has this total and these limits.");
                    }

                    if (newLimits)
                    {
                        batch.ChangeLimits(authorization, limits!, why);
                    }

                    if (newTotal)
                    {
                        batch.AdjustTotal(authorization, totalUnits!.Value, why);
                    }

                    return Task.FromResult(AuthorizationBalance.Of(authorization));
                }),
            cancellationToken);
    }

    /// <summary>Withdraws an authorization (admins); refused while any session holds units on it.</summary>
    public Task<AuthorizationBalance> VoidAsync(Actor actor, Guid authorizationId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        return ChangeAsync(actor, authorizationId, "void", why, idempotencyKey, (batch, a) => batch.Void(a, why), cancellationToken);
    }

    /// <summary>
    /// The payer approved a requested authorization with <paramref name="totalUnits"/> (admins): it becomes Active with
    /// that total, refused, naming the sessions to move, when fewer than its units used and scheduled.
    /// </summary>
    public Task<AuthorizationBalance> ApproveAsync(Actor actor, Guid authorizationId, int totalUnits, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        lane.RunAsync(
            new LaneCommand<AuthorizationBalance>(
                actor,
                "approve",
                IdempotencyKey.From(actor.UserId, idempotencyKey, $"approve|{authorizationId}|{totalUnits}"),
                reads => reads.Authorizations.Add(authorizationId),
                async (batch, ct) =>
                {
                    var authorization = batch.Authorization(authorizationId);
                    var held = authorization.UsedUnits + authorization.ScheduledUnits;
                    if (authorization.Status == AuthorizationStatus.Requested && totalUnits >= 1 && totalUnits < held)
                    {
                        var sessions = await batch.Db.Appointments
                            .Where(a => a.AuthorizationId == authorizationId && a.Status == AppointmentStatus.Scheduled)
                            .OrderBy(a => a.StartAt)
                            .Select(a => a.StartAt)
                            .ToListAsync(ct);
                        throw DomainException.Conflict(
                            "total-below-committed",
                            $"Authorization {authorization.AuthNumber} holds {held} units ({authorization.UsedUnits} used, {authorization.ScheduledUnits} scheduled in {sessions.Count} sessions"
                            + (sessions.Count > 0 ? $", the first on {batch.LocalDate(sessions[0]):yyyy-MM-dd}" : string.Empty)
                            + $"); move or cancel sessions worth {held - totalUnits} units before approving {totalUnits}.");
                    }

                    batch.Approve(authorization, totalUnits);
                    return AuthorizationBalance.Of(authorization);
                }),
            cancellationToken);

    /// <summary>The payer denied a requested authorization (admins); its sessions stay, flagged, until they are moved or cancelled.</summary>
    public Task<AuthorizationBalance> DenyAsync(Actor actor, Guid authorizationId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        return ChangeAsync(actor, authorizationId, "deny", why, idempotencyKey, (batch, a) => batch.Deny(a, why), cancellationToken);
    }

    /// <summary>
    /// Opens the authorization for the next period (admins) and moves onto it, in one transaction of its own, every
    /// session of the old one from the successor's start date; the old one ends the day before when they would overlap.
    /// </summary>
    public Task<AuthorizationBalance> RenewAsync(
        Actor actor, Guid authorizationId, AuthorizationRenewal request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        lane.RunAsync(
            new LaneCommand<AuthorizationBalance>(
                actor,
                "renew",
                IdempotencyKey.From(actor.UserId, idempotencyKey, $"renew|{authorizationId}|{request}"),
                reads =>
                {
                    reads.Authorizations.Add(authorizationId);
                    reads.AllPeriods.Add(authorizationId);
                },
                async (batch, ct) =>
                {
                    var (successor, _) = await batch.RenewAsync(batch.Authorization(authorizationId), request, ct);
                    return AuthorizationBalance.Of(successor);
                },
                runsAlone: true),
            cancellationToken);

    /// <summary>Opens a new authorization (admins) with an Adjust entry of its total; a requested one with the total asked for.</summary>
    public Task<AuthorizationBalance> CreateAsync(Actor actor, NewAuthorization request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var fingerprint = $"create|{request.PatientId}|{request.ServiceCode}|{request.AuthNumber}|{request.StartDate:O}|{request.EndDate:O}|{request.TotalUnits}|{request.PayerId}|{request.Limits}|{request.Status}";
        return lane.RunAsync(new LaneCommand<AuthorizationBalance>(actor, "create", IdempotencyKey.From(actor.UserId, idempotencyKey, fingerprint), _ => { }, async (batch, ct) =>
        {
            if (!ServiceCode.Catalog.Any(c => c.Code == request.ServiceCode))
            {
                throw DomainException.Invalid("invalid-service-code", $"'{request.ServiceCode}' is not one of the service codes 97151, 97153, 97155, 97156, 97157.");
            }

            if (!await batch.Db.Patients.AnyAsync(p => p.Id == request.PatientId, ct))
            {
                throw DomainException.NotFound("patient");
            }

            var payer = batch.Payer(request.PayerId) ?? throw DomainException.NotFound("payer");
            var authNumber = request.AuthNumber?.Trim() ?? string.Empty;
            if (batch.HasAuthorizationNumbered(authNumber) || await batch.Db.Authorizations.AnyAsync(a => a.AuthNumber == authNumber, ct))
            {
                throw DomainException.Conflict("duplicate-auth-number", $"Another authorization of this organization already has the number {authNumber}.");
            }

            var authorization = new Authorization(
                actor.OrganizationId, request.PatientId, payer.Id, request.ServiceCode, authNumber, request.StartDate, request.EndDate, request.TotalUnits, batch.Now, request.Limits, request.Status);
            batch.Open(authorization, authorization.Status == AuthorizationStatus.Requested ? "Authorization requested" : "Authorization opened");
            return AuthorizationBalance.Of(authorization);
        }), cancellationToken);
    }

    private Task<AuthorizationBalance> ChangeAsync(
        Actor actor,
        Guid authorizationId,
        string kind,
        string request,
        string? idempotencyKey,
        Action<LaneBatch, Authorization> apply,
        CancellationToken cancellationToken) =>
        lane.RunAsync(
            new LaneCommand<AuthorizationBalance>(
                actor,
                kind,
                IdempotencyKey.From(actor.UserId, idempotencyKey, $"{kind}|{authorizationId}|{request}"),
                reads => reads.Authorizations.Add(authorizationId),
                (batch, _) =>
                {
                    var authorization = batch.Authorization(authorizationId);
                    apply(batch, authorization);
                    return Task.FromResult(AuthorizationBalance.Of(authorization));
                }),
            cancellationToken);

    /// <summary>A change of units on one date: that date's day, week and month rows are in the batch.</summary>
    private Task<AuthorizationBalance> DatedAsync(
        Actor actor,
        Guid authorizationId,
        string kind,
        int units,
        DateOnly? date,
        string? idempotencyKey,
        Action<LaneBatch, Authorization, DateOnly> apply,
        CancellationToken cancellationToken)
    {
        if (date is { } day)
        {
            Scheduling.ServiceDateRange.EnsureContains(day);
        }

        return lane.RunAsync(
            new LaneCommand<AuthorizationBalance>(
                actor,
                kind,
                IdempotencyKey.From(actor.UserId, idempotencyKey, $"{kind}|{authorizationId}|{units}|{date:O}"),
                reads => reads.Periods(authorizationId, date ?? reads.Today),
                (batch, _) =>
                {
                    var authorization = batch.Authorization(authorizationId);
                    apply(batch, authorization, date ?? batch.Today);
                    return Task.FromResult(AuthorizationBalance.Of(authorization));
                }),
            cancellationToken);
    }

    internal static string RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength
            ? throw DomainException.Invalid("invalid-reason", $"Give a reason of 1 to {MaxReasonLength} characters.")
            : reason.Trim();
}
