using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Web.Api;

internal static class PractitionerEndpoints
{
    public static RouteGroupBuilder MapPractitionerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/practitioners", ListAsync).WithTags("Practitioners");
        api.MapPut("/practitioners/{id:guid}/npi", SetNpiAsync).WithTags("Practitioners").RequireAuthorization(ApiEndpoints.AdminPolicy)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/practitioners/{id:guid}/supervisor", SetSupervisorAsync).WithTags("Practitioners").RequireAuthorization(ApiEndpoints.AdminPolicy)
            .ProducesValidationProblem();
        api.MapPut("/practitioners/{id:guid}/credential-expiry", SetCredentialExpiryAsync).WithTags("Practitioners").RequireAuthorization(ApiEndpoints.AdminPolicy);
        api.MapGet("/organization/billing-provider", GetBillingProviderAsync).WithTags("Organization").RequireAuthorization(ApiEndpoints.AdminPolicy);
        api.MapPut("/organization/billing-provider", SetBillingProviderAsync).WithTags("Organization").RequireAuthorization(ApiEndpoints.AdminPolicy);
        return api;
    }

    private static async Task<Ok<PractitionerListItem>> SetNpiAsync(
        Guid id, NpiRequest request, ClaimsPrincipal user, PractitionerDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.SetNpiAsync(user.ToActor(), id, request.Npi, cancellationToken));

    private static async Task<Ok<PractitionerListItem>> SetSupervisorAsync(
        Guid id, SupervisorRequest request, ClaimsPrincipal user, PractitionerDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.SetSupervisorAsync(user.ToActor(), id, request.SupervisorId, cancellationToken));

    private static async Task<Ok<PractitionerListItem>> SetCredentialExpiryAsync(
        Guid id, CredentialExpiryRequest request, ClaimsPrincipal user, PractitionerDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.SetCredentialExpiryAsync(user.ToActor(), id, request.ExpiresOn, cancellationToken));

    private static async Task<Ok<BillingProvider>> GetBillingProviderAsync(ClaimsPrincipal user, BillingProviders providers, CancellationToken cancellationToken) =>
        TypedResults.Ok(await providers.GetAsync(user.GetOrganizationId(), cancellationToken));

    private static async Task<Ok<BillingProvider>> SetBillingProviderAsync(
        BillingProviderRequest request, ClaimsPrincipal user, BillingProviders providers, CancellationToken cancellationToken) =>
        TypedResults.Ok(await providers.SetAsync(user.ToActor(), new BillingProvider(request.Npi, request.TaxId), cancellationToken));

    /// <summary>A null or empty NPI clears it.</summary>
    internal sealed record NpiRequest(string? Npi = null);

    /// <summary>A BCBA or BCaBA of the organization; null clears it.</summary>
    internal sealed record SupervisorRequest(Guid? SupervisorId = null);

    /// <summary>The last day the certification holds (YYYY-MM-DD); null clears it.</summary>
    internal sealed record CredentialExpiryRequest(DateOnly? ExpiresOn = null);

    /// <summary>Both are set as given: one left out is cleared.</summary>
    internal sealed record BillingProviderRequest(string? Npi = null, string? TaxId = null);

    private static async Task<Ok<IReadOnlyList<PractitionerListItem>>> ListAsync(
        ClaimsPrincipal user, PractitionerDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.ListAsync(user.GetOrganizationId(), cancellationToken));
}
