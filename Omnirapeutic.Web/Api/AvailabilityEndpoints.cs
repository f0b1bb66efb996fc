using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// Practitioners' working hours and time off and clients' availability: anyone signed in reads them; admins and
/// schedulers change them. A weekly template is replaced whole; windows are "HH:mm" in the organization's time zone.
/// </summary>
internal static class AvailabilityEndpoints
{
    public static RouteGroupBuilder MapAvailabilityEndpoints(this RouteGroupBuilder api)
    {
        var practitioners = api.MapGroup("/practitioners/{id:guid}").WithTags("Availability").ProducesProblem(StatusCodes.Status409Conflict);
        practitioners.MapGet("/availability", PractitionerAsync);
        practitioners.MapPut("/working-hours", SetWorkingHoursAsync).RequireAuthorization(ApiEndpoints.SchedulingPolicy);
        practitioners.MapPost("/time-off", AddTimeOffAsync).RequireAuthorization(ApiEndpoints.SchedulingPolicy);
        practitioners.MapDelete("/time-off/{timeOffId:guid}", RemoveTimeOffAsync).RequireAuthorization(ApiEndpoints.SchedulingPolicy);
        var patients = api.MapGroup("/patients/{id:guid}").WithTags("Availability");
        patients.MapGet("/availability", ClientAsync).AccessLogged("patient");
        patients.MapPut("/availability", SetClientAsync).RequireAuthorization(ApiEndpoints.SchedulingPolicy);
        return api;
    }

    private static async Task<Ok<PractitionerAvailabilityBody>> PractitionerAsync(
        Guid id, ClaimsPrincipal user, AvailabilityDirectory directory, CancellationToken cancellationToken)
    {
        var availability = await directory.PractitionerAsync(user.GetOrganizationId(), id, cancellationToken);
        return TypedResults.Ok(new PractitionerAvailabilityBody(availability.PractitionerId, [.. availability.Weekly.Select(WindowBody.Of)], availability.TimeOff));
    }

    private static async Task<NoContent> SetWorkingHoursAsync(
        Guid id, WeeklyBody request, ClaimsPrincipal user, AvailabilityDirectory directory, CancellationToken cancellationToken)
    {
        await directory.SetWorkingHoursAsync(user.ToActor(), id, request.Windows(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Created<TimeOffView>> AddTimeOffAsync(
        Guid id, TimeOffBody request, ClaimsPrincipal user, AvailabilityDirectory directory, CancellationToken cancellationToken)
    {
        var timeOff = await directory.AddTimeOffAsync(user.ToActor(), id, request.Start, request.End, request.Reason, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/practitioners/{id}/time-off/{timeOff.Id}", timeOff);
    }

    private static async Task<NoContent> RemoveTimeOffAsync(
        Guid id, Guid timeOffId, ClaimsPrincipal user, AvailabilityDirectory directory, CancellationToken cancellationToken)
    {
        await directory.RemoveTimeOffAsync(user.ToActor(), id, timeOffId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ClientAvailabilityBody>> ClientAsync(
        Guid id, ClaimsPrincipal user, AvailabilityDirectory directory, Caseload caseload, CancellationToken cancellationToken)
    {
        await caseload.EnsureVisibleAsync(user.ToActor(), id, cancellationToken);
        return TypedResults.Ok(new ClientAvailabilityBody(id, [.. (await directory.ClientAsync(user.GetOrganizationId(), id, cancellationToken)).Select(WindowBody.Of)]));
    }

    private static async Task<NoContent> SetClientAsync(
        Guid id, WeeklyBody request, ClaimsPrincipal user, AvailabilityDirectory directory, CancellationToken cancellationToken)
    {
        await directory.SetClientAvailabilityAsync(user.ToActor(), id, request.Windows(), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>One window: a weekday, from "HH:mm" to a later "HH:mm" ("24:00" ends the day).</summary>
    internal sealed record WindowBody([property: JsonRequired] DayOfWeek Day, [property: JsonRequired] string From, [property: JsonRequired] string To)
    {
        public static WindowBody Of(WeeklyWindow window) => new(window.Day, window.From, window.To);

        public WeeklyWindow ToWindow() => WeeklyWindow.Parse(Day, From, To);
    }

    /// <summary>A whole weekly template; an empty list clears it.</summary>
    internal sealed record WeeklyBody([property: JsonRequired] IReadOnlyList<WindowBody> Weekly)
    {
        public IEnumerable<WeeklyWindow> Windows() =>
            Weekly.Count > WeeklyWindow.MaxPerWeek
                ? throw Core.DomainException.Invalid("invalid-availability", $"A week has at most {WeeklyWindow.MaxPerWeek} windows.")
                : Weekly.Select(w => w is null ? throw Core.DomainException.Invalid("invalid-availability", "Each window has a day, a from and a to.") : w.ToWindow()).ToList();
    }

    internal sealed record TimeOffBody([property: JsonRequired] DateTimeOffset Start, [property: JsonRequired] DateTimeOffset End, string? Reason = null);

    internal sealed record PractitionerAvailabilityBody(Guid PractitionerId, IReadOnlyList<WindowBody> Weekly, IReadOnlyList<TimeOffView> TimeOff);

    internal sealed record ClientAvailabilityBody(Guid PatientId, IReadOnlyList<WindowBody> Weekly);
}
