using Omnirapeutic.Core.Calendars;

namespace Omnirapeutic.Web.Calendars;

/// <summary>
/// <c>GET /calendar/{token}.ics</c>: a practitioner's sessions for calendar apps, which cannot sign in, so the secret
/// link is the credential. Any token that opens no feed (never made, or turned off) gets the same 404.
/// </summary>
internal static class CalendarFeedEndpoint
{
    public const string PathPrefix = "/calendar/";

    public static IEndpointRouteBuilder MapCalendarFeed(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PathPrefix + "{token}.ics", async (string token, CalendarFeeds feeds, HttpContext context, CancellationToken cancellationToken) =>
        {
            var calendar = await feeds.RenderAsync(token, cancellationToken);
            if (calendar is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "private, no-cache";
            return Results.Text(calendar, "text/calendar; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The link a calendar app subscribes to, on this server.</summary>
    public static string UrlFor(string baseUri, string token) => $"{baseUri.TrimEnd('/')}{PathPrefix}{token}.ics";
}
