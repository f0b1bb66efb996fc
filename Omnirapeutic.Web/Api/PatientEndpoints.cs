using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Api;

internal static class PatientEndpoints
{
    public static RouteGroupBuilder MapPatientEndpoints(this RouteGroupBuilder api)
    {
        var patients = api.MapGroup("/patients").WithTags("Patients").ProducesProblem(StatusCodes.Status409Conflict);
        patients.MapGet("/", ListAsync).AccessLogged("patient");
        patients.MapPost("/", RegisterAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        patients.MapPut("/{id:guid}/case-supervisor", SetCaseSupervisorAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        patients.MapPut("/{id:guid}/billing", SetBillingAsync).RequireAuthorization(ApiEndpoints.AdminPolicy);
        return api;
    }

    private static async Task<Ok<List<PatientSummary>>> ListAsync(ClaimsPrincipal user, PatientDirectory directory, CancellationToken cancellationToken)
    {
        var patients = await directory.ListForAsync(user.ToActor(), cancellationToken: cancellationToken);
        return TypedResults.Ok(patients.Select(p => new PatientSummary(p.Id, p.Name)).ToList());
    }

    /// <summary>Registers a patient as the admin's patient dialog does; the answer names the patient, never the PHI sent.</summary>
    private static async Task<Created<PatientSummary>> RegisterAsync(
        NewPatientRequest request, ClaimsPrincipal user, PatientRegistry registry, CancellationToken cancellationToken)
    {
        var details = new PatientDetails(request.FirstName, request.LastName, request.DateOfBirth, request.MemberId, request.UsualPlaceOfService ?? PlaceOfService.Office);
        var id = await registry.RegisterAsync(user.ToActor(), details, cancellationToken);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/patients/{id}", new PatientSummary(id, $"{details.FirstName.Trim()} {details.LastName.Trim()}"));
    }

    /// <summary>Assigns the client's case supervisor (an active BCBA), or with <c>practitionerId: null</c> clears it.</summary>
    private static async Task<NoContent> SetCaseSupervisorAsync(
        Guid id, CaseSupervisorRequest request, ClaimsPrincipal user, PatientRegistry registry, CancellationToken cancellationToken)
    {
        await registry.SetCaseSupervisorAsync(user.ToActor(), id, request.PractitionerId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Sets what a claim needs of the client: their diagnosis codes (ICD-10-CM, primary first) and the subscriber of their policy.</summary>
    private static async Task<NoContent> SetBillingAsync(
        Guid id, BillingRequest request, ClaimsPrincipal user, PatientRegistry registry, CancellationToken cancellationToken)
    {
        var subscriber = request.Subscriber ?? new SubscriberRequest();
        var billing = new PatientBilling(
            request.DiagnosisCodes, subscriber.Relationship ?? SubscriberRelationship.Self, subscriber.FirstName, subscriber.LastName);
        await registry.SetBillingAsync(user.ToActor(), id, billing, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Without a subscriber, the client holds the policy.</summary>
    internal sealed record BillingRequest([property: JsonRequired] IReadOnlyList<string> DiagnosisCodes, SubscriberRequest? Subscriber = null);

    internal sealed record SubscriberRequest(SubscriberRelationship? Relationship = null, string? FirstName = null, string? LastName = null);

    internal sealed record CaseSupervisorRequest(Guid? PractitionerId = null);

    internal sealed record PatientSummary(Guid Id, string Name);

    internal sealed record NewPatientRequest(
        [property: JsonRequired] string FirstName,
        [property: JsonRequired] string LastName,
        [property: JsonRequired] DateOnly DateOfBirth,
        [property: JsonRequired] string MemberId,
        string? UsualPlaceOfService = null);
}
