using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Omnirapeutic.Web.Api;

/// <summary>
/// ASP.NET Core's limiter: per user on the API, stricter per client address on sign-in (a brute-force guard).
/// Every limit comes from the <c>RateLimiting</c> section; <c>RateLimiting:Enabled=false</c> turns them off.
/// </summary>
internal static class RateLimits
{
    public const string ApiPolicy = "api";
    public const string LoginPolicy = "login";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimiting");
        var enabled = section.GetValue("Enabled", true);
        var api = Window(section.GetSection("Api"), permits: 600, seconds: 60);
        var login = Window(section.GetSection("Login"), permits: 10, seconds: 60);

        services.AddRateLimiter(options =>
        {
            options.AddPolicy(ApiPolicy, context => enabled
                ? RateLimitPartition.GetFixedWindowLimiter(UserOrAddress(context), _ => api)
                : RateLimitPartition.GetNoLimiter(string.Empty));
            // Only attempts count: showing the sign-in page is free.
            options.AddPolicy(LoginPolicy, context => enabled && HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(Address(context), _ => login)
                : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                if (!rejected.HttpContext.Request.Path.StartsWithSegments(ApiEndpoints.Prefix))
                {
                    await response.WriteAsync($"Too many attempts from this address. Wait {response.Headers.RetryAfter} seconds and try again.", cancellationToken);
                    return;
                }

                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = ApiProblems.Create(
                        StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", $"Slow down; try again in {response.Headers.RetryAfter} s."),
                });
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(IConfigurationSection section, int permits, int seconds) => new()
    {
        PermitLimit = section.GetValue("PermitLimit", permits),
        Window = TimeSpan.FromSeconds(section.GetValue("WindowSeconds", seconds)),
        QueueLimit = 0,
    };

    private static string UserOrAddress(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId ? $"user:{userId}" : Address(context);

    private static string Address(HttpContext context) => $"ip:{context.Connection.RemoteIpAddress}";
}
