using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// The admin's and the API's changes to an authorization's units: open, reserve, release, consume, adjust and void.
/// Each is a command on the organization's lane (<see cref="OrganizationLane"/>), applied in a batch with the
/// organization's other unit changes, sessions included.
/// </summary>
public sealed class UnitLedger(OrganizationLane lane)
{
    public const int MaxReasonLength = 500;

    public Task<AuthorizationBalance> ReserveAsync(Actor actor, Guid authorizationId, int units, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, authorizationId, "reserve", $"{units}", idempotencyKey, (batch, a) => batch.Reserve(a, units, batch.Today), cancellationToken);

    public Task<AuthorizationBalance> ReleaseAsync(Actor actor, Guid authorizationId, int units, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, authorizationId, "release", $"{units}", idempotencyKey, (batch, a) => batch.Release(a, units), cancellationToken);

    public Task<AuthorizationBalance> ConsumeAsync(Actor actor, Guid authorizationId, int units, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, authorizationId, "consume", $"{units}", idempotencyKey, (batch, a) => batch.Consume(a, units, batch.Today), cancellationToken);

    /// <summary>Sets a new total with a reason (admins); never below the units used and scheduled.</summary>
    public Task<AuthorizationBalance> AdjustTotalAsync(Actor actor, Guid authorizationId, int totalUnits, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        return ChangeAsync(actor, authorizationId, "adjust", $"{totalUnits}|{why}", idempotencyKey, (batch, a) => batch.AdjustTotal(a, totalUnits, why), cancellationToken);
    }

    /// <summary>Withdraws an authorization (admins); refused while any session holds units on it.</summary>
    public Task<AuthorizationBalance> VoidAsync(Actor actor, Guid authorizationId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        return ChangeAsync(actor, authorizationId, "void", why, idempotencyKey, (batch, a) => batch.Void(a, why), cancellationToken);
    }

    /// <summary>Opens a new authorization (admins) with an Adjust entry of its total.</summary>
    public Task<AuthorizationBalance> CreateAsync(Actor actor, NewAuthorization request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var fingerprint = $"create|{request.PatientId}|{request.ServiceCode}|{request.AuthNumber}|{request.StartDate:O}|{request.EndDate:O}|{request.TotalUnits}|{request.PayerId}";
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
                actor.OrganizationId, request.PatientId, payer.Id, request.ServiceCode, authNumber, request.StartDate, request.EndDate, request.TotalUnits, batch.Now);
            batch.Open(authorization, "Authorization opened");
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

    internal static string RequireReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength
            ? throw DomainException.Invalid("invalid-reason", $"Give a reason of 1 to {MaxReasonLength} characters.")
            : reason.Trim();
}
