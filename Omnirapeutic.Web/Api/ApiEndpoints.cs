using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Omnirapeutic.Web.Api;

internal static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    /// <summary>Bearer tokens only: a cookie never authorizes an API call, so a forged cross-site form cannot write.</summary>
    public const string BearerPolicy = "api";

    public const string AdminPolicy = "api-admin";

    /// <summary>The front desk's writes (availability): admins and schedulers.</summary>
    public const string SchedulingPolicy = "api-scheduling";

    /// <summary>The header whose value makes a write safe to repeat.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>JSON bodies here are small; anything larger is refused before it is read.</summary>
    public const long MaxRequestBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBodyBytes))
            .WithContractQueryValues()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapAuthEndpoints();

        var secured = api.MapGroup(string.Empty)
            .RequireAuthorization(BearerPolicy)
            .RequireRateLimiting(RateLimits.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapAuthorizationEndpoints();
        secured.MapPatientEndpoints();
        secured.MapPractitionerEndpoints();
        secured.MapUserEndpoints();
        secured.MapAppointmentEndpoints();
        secured.MapIntegrityEndpoints();
        secured.MapPayerEndpoints();
        secured.MapAvailabilityEndpoints();
        secured.MapNoteEndpoints();
        secured.MapClaimEndpoints();
        secured.MapSupervisionEndpoints();
        return endpoints;
    }

    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(BearerPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireRole(Core.Identity.Roles.Admin))
            .AddPolicy(SchedulingPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireRole(Core.Identity.Roles.Admin, Core.Identity.Roles.Scheduler));
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.NumberHandling = JsonNumberHandling.Strict;
            // {"units":1,"units":50} is refused, not read as 50; null and missing mean what the record's types say.
            json.AllowDuplicateProperties = false;
            json.RespectNullableAnnotations = true;
            json.RespectRequiredConstructorParameters = true;
            json.Converters.Add(new DefinedEnumJsonConverter());
            json.Converters.Add(new InstantJsonConverter());
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi();
        return services;
    }
}
