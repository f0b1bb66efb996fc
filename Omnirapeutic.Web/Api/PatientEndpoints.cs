using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Web.Api;

internal static class PatientEndpoints
{
    public static RouteGroupBuilder MapPatientEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/patients", ListAsync).WithTags("Patients");
        return api;
    }

    private static async Task<Ok<List<PatientSummary>>> ListAsync(ClaimsPrincipal user, PatientDirectory directory, CancellationToken cancellationToken)
    {
        var patients = await directory.ListAsync(user.GetOrganizationId(), cancellationToken: cancellationToken);
        return TypedResults.Ok(patients.Select(p => new PatientSummary(p.Id, p.Name)).ToList());
    }

    internal sealed record PatientSummary(Guid Id, string Name);
}
