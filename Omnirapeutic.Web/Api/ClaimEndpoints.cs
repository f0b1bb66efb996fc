using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Components.Pages.Admin;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// Claim batches, for admins: revenue per week, what waits to be billed per payer, batches made from a payer's verified sessions of a date range, read as JSON or CSV (each read
/// audited and never cached: a batch holds PHI), and voided. Making and voiding take an <c>Idempotency-Key</c>.
/// </summary>
internal static class ClaimEndpoints
{
    public static RouteGroupBuilder MapClaimEndpoints(this RouteGroupBuilder api)
    {
        var batches = api.MapGroup("/claims/batches").WithTags("Claims")
            .RequireAuthorization(ApiEndpoints.AdminPolicy)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        batches.MapGet("/", ListAsync).AccessLogged("claim-batch");
        batches.MapPost("/", CreateAsync);
        batches.MapGet("/{id:guid}", GetAsync).AccessLogged("claim-batch");
        batches.MapGet("/{id:guid}.csv", CsvAsync).AccessLogged("claim-batch").Produces(StatusCodes.Status200OK, contentType: "text/csv");
        batches.MapPost("/{id:guid}/void", VoidAsync);
        api.MapGet("/claims/ready", ReadyAsync).WithTags("Claims").AccessLogged("claim-batch").RequireAuthorization(ApiEndpoints.AdminPolicy);
        api.MapGet("/claims/revenue", RevenueAsync).WithTags("Claims").RequireAuthorization(ApiEndpoints.AdminPolicy);
        return api;
    }

    /// <summary>Per payer, the verified sessions that wait for a batch, nearest timely-filing deadline first.</summary>
    private static async Task<Ok<IReadOnlyList<ReadyToBill>>> ReadyAsync(ClaimsPrincipal user, ClaimBatches claims, CancellationToken cancellationToken) =>
        TypedResults.Ok(await claims.ReadyAsync(user.GetOrganizationId(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<ClaimBatchSummary>>> ListAsync(ClaimsPrincipal user, ClaimBatches claims, CancellationToken cancellationToken) =>
        TypedResults.Ok(await claims.ListAsync(user.GetOrganizationId(), cancellationToken));

    private static async Task<Created<ClaimBatchSummary>> CreateAsync(
        NewBatchRequest request, ClaimsPrincipal user, ClaimBatches claims,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var id = await claims.CreateAsync(user.ToActor(), request.PayerId, request.From, request.To, idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/claims/batches/{id}", await SummaryAsync(user, claims, id, cancellationToken));
    }

    private static async Task<Ok<ClaimBatchView>> GetAsync(Guid id, ClaimsPrincipal user, ClaimBatches claims, HttpContext context, CancellationToken cancellationToken)
    {
        var batch = await claims.ExportAsync(user.ToActor(), id, "json", cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(batch);
    }

    private static async Task<FileContentHttpResult> CsvAsync(Guid id, ClaimsPrincipal user, ClaimBatches claims, HttpContext context, CancellationToken cancellationToken)
    {
        var batch = await claims.ExportAsync(user.ToActor(), id, "csv", cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(await ClaimCsv.WriteAsync(batch, cancellationToken), "text/csv; charset=utf-8", ClaimCsv.FileName(batch));
    }

    /// <summary>The revenue page as JSON: eight weeks of units and charges per step, and what waits longest at each.</summary>
    private static async Task<Ok<Revenue>> RevenueAsync(ClaimsPrincipal user, RevenueReport report, CancellationToken cancellationToken) =>
        TypedResults.Ok(await report.GetAsync(user.GetOrganizationId(), cancellationToken));

    private static async Task<Ok<ClaimBatchSummary>> VoidAsync(
        Guid id, VoidBatchRequest request, ClaimsPrincipal user, ClaimBatches claims,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        await claims.VoidAsync(user.ToActor(), id, request.Reason ?? string.Empty, idempotencyKey, cancellationToken);
        return TypedResults.Ok(await SummaryAsync(user, claims, id, cancellationToken));
    }

    private static Task<ClaimBatchSummary> SummaryAsync(ClaimsPrincipal user, ClaimBatches claims, Guid id, CancellationToken cancellationToken) =>
        claims.GetSummaryAsync(user.GetOrganizationId(), id, cancellationToken);

    /// <summary>The payer and the dates of service (the organization's dates, both included).</summary>
    internal sealed record NewBatchRequest([property: JsonRequired] Guid PayerId, [property: JsonRequired] DateOnly From, [property: JsonRequired] DateOnly To);

    /// <summary>Why the batch is voided; a missing reason is refused by the domain.</summary>
    internal sealed record VoidBatchRequest(string? Reason = null);
}
