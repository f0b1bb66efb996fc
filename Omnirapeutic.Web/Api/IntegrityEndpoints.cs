using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Api;

internal static class IntegrityEndpoints
{
    public static RouteGroupBuilder MapIntegrityEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/integrity", CheckAsync).RequireAuthorization(ApiEndpoints.AdminPolicy).WithTags("Integrity");
        return api;
    }

    /// <summary>The caller's organization's authorizations that break the unit invariant or disagree with the ledger.</summary>
    private static async Task<Ok<IntegrityReport>> CheckAsync(ClaimsPrincipal user, IntegrityCheck check, CancellationToken cancellationToken) =>
        TypedResults.Ok(new IntegrityReport(await check.FindViolationsAsync(user.GetOrganizationId(), cancellationToken)));

    internal sealed record IntegrityReport(IReadOnlyList<IntegrityViolation> Violations);
}
