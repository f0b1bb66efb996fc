using System.Security.Claims;
using Microsoft.AspNetCore.Routing;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Web.Api;

/// <summary>API reads of client data write an access event, as a page view does: who read which route, for which record.</summary>
internal static class AccessLogging
{
    /// <summary>After a successful read, records <c>api.read</c> of <paramref name="entityType"/> (its <c>{id}</c>, when the route has one).</summary>
    public static TBuilder AccessLogged<TBuilder>(this TBuilder builder, string entityType)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (http.User.Identity?.IsAuthenticated == true && result is not IStatusCodeHttpResult { StatusCode: >= 400 })
            {
                var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                var id = http.GetRouteValue("id")?.ToString() ?? string.Empty;
                await http.RequestServices.GetRequiredService<AccessLog>().RecordAsync(
                    http.User.ToActor(), "api.read", entityType, id, new { route }, http.RequestAborted);
            }

            return result;
        });
}
