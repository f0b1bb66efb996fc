using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// RBT supervision by calendar month: every RBT's month for admins and the front desk, a supervisor's own RBTs, an
/// RBT's own month; for an RBT at risk in a month not yet over, 97155s to book through <c>POST /appointments</c>; and
/// non-billable supervision meetings and observations, scheduled by admins, the front desk or the supervisor.
/// </summary>
internal static class SupervisionEndpoints
{
    public static RouteGroupBuilder MapSupervisionEndpoints(this RouteGroupBuilder api)
    {
        var supervision = api.MapGroup("/supervision").WithTags("Supervision");
        supervision.MapGet("/", GetAsync);
        supervision.MapGet("/{rbtId:guid}/suggestions", SuggestAsync);
        var meetings = supervision.MapGroup("/meetings")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        meetings.MapGet("/", ListMeetingsAsync);
        meetings.MapPost("/", ScheduleAsync);
        meetings.MapPost("/{id:guid}/cancel", CancelAsync);
        meetings.MapPost("/{id:guid}/complete", CompleteAsync);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<SupervisionMeetingView>>> ListMeetingsAsync(
        DateTimeOffset from, DateTimeOffset to, Guid? practitionerId, ClaimsPrincipal user, SupervisionMeetings meetings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await meetings.ListAsync(user.GetOrganizationId(), from, to, practitionerId, cancellationToken));

    private static async Task<Created<SupervisionMeetingView>> ScheduleAsync(
        MeetingRequest request, ClaimsPrincipal user, SupervisionMeetings meetings,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var scheduled = await meetings.ScheduleAsync(user.ToActor(), SeesEveryone(user), request.ToMeeting(), idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/supervision/meetings/{scheduled.Id}", scheduled);
    }

    private static async Task<Ok<SupervisionMeetingView>> CancelAsync(
        Guid id, AppointmentEndpoints.CancelRequest request, ClaimsPrincipal user, SupervisionMeetings meetings,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await meetings.CancelAsync(user.ToActor(), SeesEveryone(user), id, request.Reason, idempotencyKey, cancellationToken));

    private static async Task<Ok<SupervisionMeetingView>> CompleteAsync(
        Guid id, ClaimsPrincipal user, SupervisionMeetings meetings,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await meetings.CompleteAsync(user.ToActor(), SeesEveryone(user), id, idempotencyKey, cancellationToken));

    /// <summary>A meeting (1-10 RBTs) or, with <c>observedAppointmentId</c>, an observation of that RBT's 97153 session.</summary>
    internal sealed record MeetingRequest(
        [property: JsonRequired] Guid SupervisorId,
        [property: JsonRequired] IReadOnlyList<Guid> RbtIds,
        [property: JsonRequired] DateTimeOffset Start,
        [property: JsonRequired] DateTimeOffset End,
        SupervisionModality Modality = SupervisionModality.InPerson,
        Guid? ObservedAppointmentId = null)
    {
        public NewSupervisionMeeting ToMeeting() => new(SupervisorId, RbtIds ?? [], Start, End, Modality, ObservedAppointmentId);
    }

    private static async Task<Ok<SupervisionMonth>> GetAsync(string? month, ClaimsPrincipal user, SupervisionReport report, CancellationToken cancellationToken) =>
        TypedResults.Ok(await report.GetAsync(user.GetOrganizationId(), user.GetUserId(), SeesEveryone(user), SupervisionReport.ParseMonth(month), cancellationToken));

    private static async Task<Ok<IReadOnlyList<SupervisionSuggestion>>> SuggestAsync(
        Guid rbtId, string? month, ClaimsPrincipal user, SupervisionPlanner planner, CancellationToken cancellationToken) =>
        TypedResults.Ok(await planner.SuggestAsync(user.ToActor(), SeesEveryone(user), rbtId, SupervisionReport.ParseMonth(month), cancellationToken));

    internal static bool SeesEveryone(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Scheduler);
}
