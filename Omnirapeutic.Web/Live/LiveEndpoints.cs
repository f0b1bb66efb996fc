using Microsoft.AspNetCore.Identity;

namespace Omnirapeutic.Web.Live;

internal static class LiveEndpoints
{
    public const string HubPath = "/hubs/balances";
    public const string HubPolicy = "hub";

    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<BalanceNotifier>();
        services.AddSingleton<BalanceFanOut>();
        services.AddHostedService<BalanceListener>();
        services.AddAuthorizationBuilder().AddPolicy(HubPolicy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.BearerScheme, IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser());
        return services;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<BalanceHub>(HubPath).RequireAuthorization(HubPolicy);
        return endpoints;
    }
}
