using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// RBT supervision by calendar month: every RBT's month for admins and the front desk, a supervisor's own RBTs, an
/// RBT's own month; and for an RBT at risk in a month not yet over, 97155s to book through <c>POST /appointments</c>.
/// </summary>
internal static class SupervisionEndpoints
{
    public static RouteGroupBuilder MapSupervisionEndpoints(this RouteGroupBuilder api)
    {
        var supervision = api.MapGroup("/supervision").WithTags("Supervision");
        supervision.MapGet("/", GetAsync);
        supervision.MapGet("/{rbtId:guid}/suggestions", SuggestAsync);
        return api;
    }

    private static async Task<Ok<SupervisionMonth>> GetAsync(string? month, ClaimsPrincipal user, SupervisionReport report, CancellationToken cancellationToken) =>
        TypedResults.Ok(await report.GetAsync(user.GetOrganizationId(), user.GetUserId(), SeesEveryone(user), SupervisionReport.ParseMonth(month), cancellationToken));

    private static async Task<Ok<IReadOnlyList<SupervisionSuggestion>>> SuggestAsync(
        Guid rbtId, string? month, ClaimsPrincipal user, SupervisionPlanner planner, CancellationToken cancellationToken) =>
        TypedResults.Ok(await planner.SuggestAsync(user.ToActor(), SeesEveryone(user), rbtId, SupervisionReport.ParseMonth(month), cancellationToken));

    internal static bool SeesEveryone(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Scheduler);
}
