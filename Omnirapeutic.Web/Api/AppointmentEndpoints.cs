using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Api;

internal static class AppointmentEndpoints
{
    public static RouteGroupBuilder MapAppointmentEndpoints(this RouteGroupBuilder api)
    {
        var appointments = api.MapGroup("/appointments").WithTags("Appointments")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        appointments.MapGet("/", ListAsync).AccessLogged("appointment");
        appointments.MapPost("/", BookAsync);
        appointments.MapPost("/preview", PreviewAsync);
        appointments.MapPost("/suggestions", SuggestAsync);
        appointments.MapPost("/series", BookSeriesAsync);
        appointments.MapPost("/series/preview", PreviewSeriesAsync);
        appointments.MapPost("/series/{seriesId:guid}/extend", ExtendSeriesAsync);
        appointments.MapPost("/series/{seriesId:guid}/extend/preview", PreviewExtensionAsync);
        appointments.MapPost("/{id:guid}/reschedule", RescheduleAsync);
        appointments.MapPost("/{id:guid}/reschedule/preview", PreviewRescheduleAsync);
        appointments.MapPost("/{id:guid}/cancel", CancelAsync);
        appointments.MapPost("/{id:guid}/complete", CompleteAsync);
        appointments.MapPost("/{id:guid}/no-show", NoShowAsync);
        api.MapGet("/practitioners/{id:guid}/week", WeekAsync).WithTags("Appointments").AccessLogged("practitioner");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<AppointmentView>>> ListAsync(
        DateTimeOffset from, DateTimeOffset to, Guid? practitionerId, Guid? patientId, ClaimsPrincipal user, AppointmentBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok(await book.ListAsync(user.GetOrganizationId(), from, to, practitionerId, patientId, cancellationToken));

    private static async Task<Ok<PractitionerWeek>> WeekAsync(
        Guid id, DateOnly? date, ClaimsPrincipal user, AppointmentBook book, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await book.WeekAsync(user.GetOrganizationId(), id, date ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken));

    private static async Task<Created<AppointmentView>> BookAsync(
        BookRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var booked = await scheduler.BookAsync(user.ToActor(), request.ToBooking(), idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/appointments/{booked.Id}", booked);
    }

    private static async Task<Ok<BookingPreview>> PreviewAsync(
        BookRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.PreviewAsync(user.ToActor(), request.ToBooking(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<SlotSuggestion>>> SuggestAsync(
        SuggestionsRequest request, ClaimsPrincipal user, SlotFinder finder, CancellationToken cancellationToken) =>
        TypedResults.Ok(await finder.SuggestAsync(user.ToActor(), request.ToSlots(), cancellationToken));

    private static async Task<Created<IReadOnlyList<AppointmentView>>> BookSeriesAsync(
        SeriesRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var booked = await scheduler.BookSeriesAsync(user.ToActor(), request, idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/appointments?seriesId={booked[0].SeriesId}", booked);
    }

    private static async Task<Ok<SeriesPreview>> PreviewSeriesAsync(
        SeriesRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.PreviewSeriesAsync(user.ToActor(), request, cancellationToken));

    private static async Task<Created<IReadOnlyList<AppointmentView>>> ExtendSeriesAsync(
        Guid seriesId, ExtendRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var booked = await scheduler.ExtendSeriesAsync(user.ToActor(), seriesId, request.Until, request.AcknowledgeWarnings, idempotencyKey, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/appointments?seriesId={seriesId}", booked);
    }

    private static async Task<Ok<SeriesPreview>> PreviewExtensionAsync(
        Guid seriesId, ExtendRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.PreviewExtensionAsync(user.ToActor(), seriesId, request.Until, cancellationToken));

    private static async Task<Ok<AppointmentView>> RescheduleAsync(
        Guid id, RescheduleRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.RescheduleAsync(user.ToActor(), id, request, idempotencyKey, cancellationToken));

    private static async Task<Ok<ReschedulePreview>> PreviewRescheduleAsync(
        Guid id, RescheduleRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.PreviewRescheduleAsync(user.ToActor(), id, request, cancellationToken));

    private static async Task<Ok<AppointmentView>> CancelAsync(
        Guid id, CancelRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.CancelAsync(user.ToActor(), id, request.Reason, idempotencyKey, cancellationToken));

    private static async Task<Ok<AppointmentView>> CompleteAsync(
        Guid id, CompleteRequest request, ClaimsPrincipal user, AppointmentScheduler scheduler,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.CompleteAsync(user.ToActor(), id, request.ActualStart, request.ActualEnd, idempotencyKey, cancellationToken));

    private static async Task<Ok<AppointmentView>> NoShowAsync(
        Guid id, ClaimsPrincipal user, AppointmentScheduler scheduler,
        [FromHeader(Name = ApiEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken) =>
        TypedResults.Ok(await scheduler.MarkNoShowAsync(user.ToActor(), id, idempotencyKey, cancellationToken));

    /// <summary>
    /// Every field but the place of service and the acknowledgment required: a missing one is a 400, not a booking for
    /// the year 1.
    /// </summary>
    internal sealed record BookRequest(
        [property: JsonRequired] Guid PatientId,
        [property: JsonRequired] Guid PractitionerId,
        [property: JsonRequired] Guid AuthorizationId,
        [property: JsonRequired] DateTimeOffset Start,
        [property: JsonRequired] DateTimeOffset End,
        string? PlaceOfService = null,
        bool AcknowledgeWarnings = false)
    {
        public BookingRequest ToBooking() => new(PatientId, PractitionerId, AuthorizationId, Start, End, PlaceOfService, AcknowledgeWarnings);
    }

    /// <summary>Up to ten times to book a client, soonest first; the practitioner and place are optional.</summary>
    internal sealed record SuggestionsRequest(
        [property: JsonRequired] Guid PatientId,
        [property: JsonRequired] Guid AuthorizationId,
        [property: JsonRequired] int DurationMinutes,
        [property: JsonRequired] DateTimeOffset From,
        [property: JsonRequired] DateTimeOffset To,
        Guid? PractitionerId = null,
        string? PlaceOfService = null)
    {
        public SlotRequest ToSlots() => new(PatientId, AuthorizationId, DurationMinutes, From, To, PractitionerId, PlaceOfService);
    }

    internal sealed record CancelRequest(string Reason);

    /// <summary>The last day (yyyy-MM-dd, inclusive) the series should run to; sessions outside someone's availability need the acknowledgment.</summary>
    internal sealed record ExtendRequest([property: JsonRequired] DateOnly Until, bool AcknowledgeWarnings = false);

    internal sealed record CompleteRequest(
        [property: JsonRequired] DateTimeOffset ActualStart,
        [property: JsonRequired] DateTimeOffset ActualEnd);
}
