using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Components.Account;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// A completed session's note: read by its rendering practitioner, the client's case supervisor and admins, written
/// and signed by the practitioner alone (signing re-enters their password and documents the session), corrected by
/// signed addenda; then verified, or sent back with a reason, by an admin or the case supervisor.
/// </summary>
internal static class NoteEndpoints
{
    public const long MaxNoteBodyBytes = 128 * 1024;

    public static RouteGroupBuilder MapNoteEndpoints(this RouteGroupBuilder api)
    {
        // Four fields of up to 4,000 characters each, escaped in JSON, outgrow the API's usual body limit.
        var note = api.MapGroup("/appointments/{id:guid}/note").WithTags("Session notes")
            .WithMetadata(new RequestSizeLimitAttribute(MaxNoteBodyBytes))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        note.MapGet("/", GetAsync).AccessLogged("appointment");
        note.MapPut("/", SaveAsync);
        note.MapPost("/sign", SignAsync);
        note.MapPost("/addenda", AddAddendumAsync);

        var review = api.MapGroup("/appointments/{id:guid}").WithTags("Session notes")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        review.MapPost("/verify", VerifyAsync);
        review.MapPost("/return", SendBackAsync);
        return api;
    }

    private static async Task<Ok<SessionNoteView>> GetAsync(Guid id, ClaimsPrincipal user, SessionNotes notes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notes.GetAsync(user.ToActor(), id, user.IsInRole(Roles.Admin), cancellationToken));

    private static async Task<Ok<SessionNoteView>> VerifyAsync(
        Guid id, ClaimsPrincipal user, SessionVerification verification,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verification.VerifyAsync(user.ToActor(), id, user.IsInRole(Roles.Admin), idempotencyKey, cancellationToken));

    private static async Task<Ok<SessionNoteView>> SendBackAsync(
        Guid id, ReturnRequest request, ClaimsPrincipal user, SessionVerification verification,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verification.SendBackAsync(user.ToActor(), id, user.IsInRole(Roles.Admin), request.Reason ?? string.Empty, idempotencyKey, cancellationToken));

    private static async Task<Ok<SessionNoteView>> SaveAsync(
        Guid id, NoteRequest request, ClaimsPrincipal user, SessionNotes notes,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notes.SaveAsync(user.ToActor(), id, request.ToContent(), idempotencyKey, cancellationToken));

    private static async Task<Ok<SessionNoteView>> SignAsync(
        Guid id, SignNoteRequest request, ClaimsPrincipal user, Attestation attestation, SessionNotes notes,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        await attestation.RequireAsync(user, request.Password, cancellationToken);
        return TypedResults.Ok(await notes.SignAsync(user.ToActor(), id, request.Content(), request.Caregiver, idempotencyKey, cancellationToken));
    }

    private static async Task<Created<SessionNoteView>> AddAddendumAsync(
        Guid id, AddendumRequest request, ClaimsPrincipal user, Attestation attestation, SessionNotes notes,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        await attestation.RequireAsync(user, request.Password, cancellationToken);
        var view = await notes.AddAddendumAsync(user.ToActor(), id, request.Text ?? string.Empty, idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/appointments/{id}/note", view);
    }
}

/// <summary>A draft: any field may be left out or empty until it is signed.</summary>
internal sealed record NoteRequest(string? GoalsAddressed = null, string? ClientResponse = null, string? NextSteps = null, string? Narrative = null)
{
    public NoteContent ToContent() => new(GoalsAddressed, ClientResponse, NextSteps, Narrative);
}

/// <summary>
/// Signs the stored draft, or these fields as the note's final text when any is given, with the caregiver's signature
/// (name and relationship) where the payer requires one.
/// </summary>
internal sealed record SignNoteRequest(
    string? Password = null, string? GoalsAddressed = null, string? ClientResponse = null, string? NextSteps = null, string? Narrative = null,
    CaregiverSignature? Caregiver = null)
{
    public NoteContent? Content() =>
        GoalsAddressed is null && ClientResponse is null && NextSteps is null && Narrative is null ? null : new(GoalsAddressed, ClientResponse, NextSteps, Narrative);
}

/// <summary>The password is asked for by the endpoint, so a missing one is its own clear refusal.</summary>
internal sealed record AddendumRequest(string? Password = null, string? Text = null);

/// <summary>Why the session goes back to its practitioner; a missing reason is refused by the domain.</summary>
internal sealed record ReturnRequest(string? Reason = null);
