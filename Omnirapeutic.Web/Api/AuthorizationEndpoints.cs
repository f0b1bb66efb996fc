using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Web.Api;

internal static class AuthorizationEndpoints
{
    public static RouteGroupBuilder MapAuthorizationEndpoints(this RouteGroupBuilder api)
    {
        var authorizations = api.MapGroup("/authorizations").WithTags("Authorizations")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        authorizations.MapGet("/", ListAsync).AccessLogged("authorization");
        authorizations.MapGet("/{id:guid}", GetAsync).AccessLogged("authorization");
        authorizations.MapPost("/{id:guid}/reserve", ReserveAsync);
        authorizations.MapPost("/{id:guid}/release", ReleaseAsync);
        authorizations.MapPost("/{id:guid}/consume", ConsumeAsync);
        authorizations.MapPost("/", CreateAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        authorizations.MapPost("/{id:guid}/adjust", AdjustAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        authorizations.MapPost("/{id:guid}/void", VoidAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        authorizations.MapPost("/{id:guid}/approve", ApproveAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        authorizations.MapPost("/{id:guid}/deny", DenyAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        authorizations.MapPost("/{id:guid}/renew", RenewAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        return api;
    }

    /// <summary>The organization's authorizations (one client's with <c>patientId</c>); a practitioner limited to a caseload sees its clients' only.</summary>
    private static async Task<Ok<IReadOnlyList<AuthorizationBalance>>> ListAsync(
        ClaimsPrincipal user, AuthorizationDirectory directory, Caseload caseload, Guid? patientId, CancellationToken cancellationToken)
    {
        var clients = await caseload.ClientsOfAsync(user.ToActor(), cancellationToken);
        if (patientId is { } id && clients is not null && !clients.Contains(id))
        {
            throw DomainException.NotFound("patient");
        }

        var authorizations = await directory.ListAsync(user.GetOrganizationId(), patientId, cancellationToken);
        return TypedResults.Ok(clients is null ? authorizations : [.. authorizations.Where(a => clients.Contains(a.PatientId))]);
    }

    private static async Task<Ok<AuthorizationBalance>> GetAsync(
        Guid id, ClaimsPrincipal user, AuthorizationDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.GetAsync(user.GetOrganizationId(), id, cancellationToken));

    private static async Task<Ok<AuthorizationBalance>> ReserveAsync(
        Guid id, UnitsRequest request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.ReserveAsync(user.ToActor(), id, request.Units, request.Date, idempotencyKey, cancellationToken));

    private static async Task<Ok<AuthorizationBalance>> ReleaseAsync(
        Guid id, UnitsRequest request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.ReleaseAsync(user.ToActor(), id, request.Units, request.Date, idempotencyKey, cancellationToken));

    private static async Task<Ok<AuthorizationBalance>> ConsumeAsync(
        Guid id, UnitsRequest request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.ConsumeAsync(user.ToActor(), id, request.Units, request.Date, idempotencyKey, cancellationToken));

    private static async Task<Created<AuthorizationBalance>> CreateAsync(
        NewAuthorization request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var created = await ledger.CreateAsync(user.ToActor(), request, idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/authorizations/{created.Id}", created);
    }

    private static async Task<Ok<AuthorizationBalance>> AdjustAsync(
        Guid id, AdjustRequest request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.AdjustAsync(user.ToActor(), id, request.TotalUnits, request.Limits, request.Reason, idempotencyKey, cancellationToken));

    private static async Task<Ok<AuthorizationBalance>> VoidAsync(
        Guid id, VoidRequest request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.VoidAsync(user.ToActor(), id, request.Reason, idempotencyKey, cancellationToken));

    private static async Task<Ok<AuthorizationBalance>> ApproveAsync(
        Guid id, ApproveRequest request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.ApproveAsync(user.ToActor(), id, request.TotalUnits, idempotencyKey, cancellationToken));

    private static async Task<Ok<AuthorizationBalance>> DenyAsync(
        Guid id, VoidRequest request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ledger.DenyAsync(user.ToActor(), id, request.Reason, idempotencyKey, cancellationToken));

    private static async Task<Created<AuthorizationBalance>> RenewAsync(
        Guid id, AuthorizationRenewal request, ClaimsPrincipal user, UnitLedger ledger,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var successor = await ledger.RenewAsync(user.ToActor(), id, request, idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/authorizations/{successor.Id}", successor);
    }

    /// <summary>Units on a date (yyyy-MM-dd; today in the organization's time zone when left out).</summary>
    internal sealed record UnitsRequest([property: System.Text.Json.Serialization.JsonRequired] int Units, DateOnly? Date = null);

    /// <summary>A new total, new limits (each of perDay, perWeek, perMonth optional; a limit left out is removed), or both.</summary>
    internal sealed record AdjustRequest(string Reason, int? TotalUnits = null, UnitLimits? Limits = null);

    /// <summary>A reason: why the clinic voids an authorization, or why the payer denied it.</summary>
    internal sealed record VoidRequest(string Reason);

    /// <summary>The total the payer approved.</summary>
    internal sealed record ApproveRequest([property: System.Text.Json.Serialization.JsonRequired] int TotalUnits);
}
