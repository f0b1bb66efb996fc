using System.Security.Claims;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>
/// <c>GET /admin/claims/{id}.csv</c>: a claim batch's CSV for admins signed in with the cookie, so the batch page's
/// plain link downloads it. Audited as an export and never cached, as the API's is.
/// </summary>
internal static class ClaimExport
{
    public static string UrlFor(Guid batchId) => $"/admin/claims/{batchId}.csv";

    public static IEndpointRouteBuilder MapClaimExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAdminDownload("/admin/claims/{id:guid}.csv", ExportAsync);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(Guid id, ClaimsPrincipal user, ClaimBatches claims, HttpContext context, CancellationToken cancellationToken)
    {
        ClaimBatchView batch;
        try
        {
            batch = await claims.ExportAsync(user.ToActor(), id, "csv", cancellationToken);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(await ClaimCsv.WriteAsync(batch, cancellationToken), "text/csv; charset=utf-8", ClaimCsv.FileName(batch));
    }
}
