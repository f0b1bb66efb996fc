using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>-Proto</c> count only from the proxies the <c>ForwardedHeaders</c> section names
/// (<c>KnownProxies</c>: addresses, <c>KnownNetworks</c>: CIDR ranges; loopback when it names none). Anyone else's
/// headers are ignored, so a client cannot pick the address the sign-in limiter sees.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        // A blank entry (an empty environment variable) names nothing.
        string[] proxies = [.. (section.GetSection("KnownProxies").Get<string[]>() ?? []).Where(p => !string.IsNullOrWhiteSpace(p))];
        string[] networks = [.. (section.GetSection("KnownNetworks").Get<string[]>() ?? []).Where(n => !string.IsNullOrWhiteSpace(n))];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Follow the chain (a TLS proxy, then nginx) from the right while each hop is trusted; it stops at the first stranger.
            options.ForwardLimit = null;

            // ASPNETCORE_FORWARDEDHEADERS_ENABLED empties both lists, which trusts everyone: start from the configured ones instead.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies has '{proxy}', which is not an IP address."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                    ? range
                    : throw new InvalidOperationException($"{Section}:KnownNetworks has '{network}', which is not a CIDR range such as 10.0.0.0/8."));
            }

            if (proxies.Length == 0 && networks.Length == 0)
            {
                options.KnownProxies.Add(IPAddress.Loopback);
                options.KnownProxies.Add(IPAddress.IPv6Loopback);
            }
        });
        return services;
    }

    public static bool TrustsProxies(this IConfiguration configuration) => configuration.GetValue($"{Section}:Enabled", false);
}
