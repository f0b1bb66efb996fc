using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.WebUtilities;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Api;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>
/// <c>GET /admin/audit.csv</c>: the audit trail with the page's filters, every row, streamed, for admins signed in with
/// the cookie. The export is itself an access event, written before the answer ends.
/// </summary>
internal static class AuditExport
{
    public const string Path = "/admin/audit.csv";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAdminDownload(Path, ExportAsync).WithContractQueryValues();
        return endpoints;
    }

    /// <summary>The download link for these filters (paging does not apply: the export has every row).</summary>
    public static string UrlFor(AuditQuery query)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["user"] = query.UserId?.ToString(),
            ["patient"] = query.PatientId?.ToString(),
            ["kind"] = query.Kind?.ToString(),
            ["action"] = string.IsNullOrWhiteSpace(query.Action) ? null : query.Action.Trim(),
            ["from"] = query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(Path, parameters.Where(p => p.Value is not null));
    }

    private static async Task<IResult> ExportAsync(
        ClaimsPrincipal user,
        AuditTrail trail,
        HttpContext context,
        Guid? patient,
        AuditEventKind? kind,
        string? action,
        DateOnly? from,
        DateOnly? to,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user")] Guid? userId)
    {
        var query = new AuditQuery { UserId = userId, PatientId = patient, Kind = kind, Action = action, From = from, To = to };
        try
        {
            query.EnsureValid();
        }
        catch (DomainException refusal)
        {
            return TypedResults.Problem(ApiProblems.From(refusal));
        }

        var actor = user.ToActor();
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            async body =>
            {
                int? rows = null;
                try
                {
                    rows = await AuditCsv.WriteAsync(body, trail.ExportAsync(actor.OrganizationId, query, context.RequestAborted), context.RequestAborted);
                }
                finally
                {
                    await trail.RecordExportAsync(actor, query, rows, CancellationToken.None);
                }
            },
            "text/csv; charset=utf-8",
            "audit-trail.csv");
    }
}
