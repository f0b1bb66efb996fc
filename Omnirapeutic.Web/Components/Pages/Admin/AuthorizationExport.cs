using System.Security.Claims;
using Microsoft.AspNetCore.WebUtilities;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Api;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>
/// <c>GET /admin/authorizations.csv</c>: the authorization list with the page's filters and sort, every row, for admins
/// signed in with the cookie. A plain link downloads it, so Blazor Server needs no JavaScript for the file.
/// </summary>
internal static class AuthorizationExport
{
    public const string Path = "/admin/authorizations.csv";

    public static IEndpointRouteBuilder MapAuthorizationExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAdminDownload(Path, ExportAsync).WithContractQueryValues();
        return endpoints;
    }

    /// <summary>The download link for these filters and this sort (paging does not apply: the export has every row).</summary>
    public static string UrlFor(AuthorizationQuery query)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["patient"] = string.IsNullOrWhiteSpace(query.PatientName) ? null : query.PatientName.Trim(),
            ["code"] = query.ServiceCode,
            ["status"] = query.Status?.ToString(),
            ["expiring"] = query.ExpiringOnly ? "true" : null,
            ["low"] = query.LowBalanceOnly ? "true" : null,
            ["sort"] = query.SortBy.ToString(),
            ["desc"] = query.SortDescending ? "true" : null,
        };
        return QueryHelpers.AddQueryString(Path, parameters.Where(p => p.Value is not null));
    }

    private static async Task<IResult> ExportAsync(
        ClaimsPrincipal user,
        AuthorizationDirectory directory,
        AccessLog access,
        HttpContext context,
        string? patient,
        string? code,
        AuthorizationStatus? status,
        bool? expiring,
        bool? low,
        AuthorizationSortField? sort,
        bool? desc,
        CancellationToken cancellationToken)
    {
        var query = new AuthorizationQuery
        {
            PatientName = patient,
            ServiceCode = code,
            Status = status,
            ExpiringOnly = expiring ?? false,
            LowBalanceOnly = low ?? false,
            SortBy = sort ?? AuthorizationSortField.AuthNumber,
            SortDescending = desc ?? false,
            PageSize = null,
        };
        var page = await directory.SearchAsync(user.GetOrganizationId(), query, cancellationToken);
        await access.RecordAsync(user.ToActor(), "authorizations.export", "authorization-list", string.Empty, new { rows = page.Items.Count }, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(await AuthorizationCsv.WriteAsync(page.Items, cancellationToken), "text/csv; charset=utf-8", "authorizations.csv");
    }
}
