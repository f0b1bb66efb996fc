using Omnirapeutic.Web.Api;
using Omnirapeutic.Web.Calendars;
using Omnirapeutic.Web.Components;
using Omnirapeutic.Web.Components.Account;
using Omnirapeutic.Web.Components.Pages.Admin;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Web.Hosting;

internal static class WebApplicationExtensions
{
    public static WebApplication UseWeb(this WebApplication app)
    {
        if (app.Configuration.TrustsProxies())
        {
            app.UseForwardedHeaders();
        }

        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();

            // Probes and Prometheus call a node itself over plain HTTP inside the network: their answers hold nothing to protect.
            app.UseWhen(
                context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"),
                branch => branch.UseHttpsRedirection());
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<BadRequestProblemMiddleware>();

        // API clients read problem details, never HTML pages; people read pages.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseExceptionHandler().UseStatusCodePages().Use(RequestHeaderEncoding.RefuseUndecodableAsync));
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        app.UseAuthentication();
        app.UseMiddleware<TwoFactorGate>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        app.MapApi();
        app.MapLive();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapAuthorizationExport();
        app.MapClaimExport();
        app.MapAuditExport();
        app.MapCalendarFeed();
        return app;
    }
}
