using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Telemetry;
using Omnirapeutic.Web.Api;
using Omnirapeutic.Web.Live;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Omnirapeutic.Web.Components.Account;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Hosting;

internal static class WebServiceCollectionExtensions
{
    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var isDevelopment = builder.Environment.IsDevelopment();

        builder.WebHost.ConfigureKestrel(options =>
        {
            // The Server header only tells a prober which server to aim at.
            options.AddServerHeader = false;
            options.RequestHeaderEncodingSelector = _ => RequestHeaderEncoding.Utf8WithReplacement;
        });
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddTransient<Submission>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        var authentication = builder.Configuration.GetSection("Authentication");
        services.AddAuthentication()
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                // Long enough for an hour-long load run; clients refresh before it ends.
                options.BearerTokenExpiration = authentication.GetValue("BearerTokenLifetime", TimeSpan.FromHours(2));
                options.RefreshTokenExpiration = authentication.GetValue("RefreshTokenLifetime", TimeSpan.FromDays(14));
                options.Events.OnMessageReceived = context =>
                {
                    // Browsers cannot set headers on WebSockets or server-sent events: hubs take the token from the query.
                    if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            });
        services.AddDataProtection().SetApplicationName("Omnirapeutic");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DataProtectionKeyRepository(provider.GetRequiredService<IDbContextFactory<OmnirapeuticDbContext>>())));
        services.AddLive();
        services.AddAuthorization();
        services.AddApi();
        services.AddRateLimits(builder.Configuration);
        services.AddTrustedProxies(builder.Configuration);
        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "omnirapeutic"))
            .WithMetrics(metrics => metrics
                .AddMeter(OmnirapeuticMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter());
        builder.AddTracing(openTelemetry);

        // Core registers the stores and the password and lockout policy; sign-in and tokens are the web's part.
        services.AddIdentityCore<ApplicationUser>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.Configure<SignInThrottleOptions>(builder.Configuration.GetSection(SignInThrottleOptions.Section));
        services.Configure<AuditRetentionOptions>(builder.Configuration.GetSection(AuditRetentionOptions.Section));
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<TwoFactorSignIn>();
        services.AddScoped<SignInRenewal>();
        services.AddScoped<Attestation>();
        services.AddScoped<CurrentCredentials>();
        services.AddMemoryCache();
        services.AddScoped<IClaimsTransformation, RevokedCredentialCheck>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ChallengeWhenSignedOut>();
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval =
            builder.Configuration.GetValue(CurrentCredentials.CheckIntervalSetting, CurrentCredentials.DefaultCheckInterval));
        services.AddHostedService<ExpiredRecordsPurge>();
        services.AddHostedService<AccessLogWriter>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events.OnSigningIn = IdleLogoffCookie.OnSigningIn;
            options.Cookie.Name = "omni.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "omni.antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        // Behind a TLS-terminating proxy the server knows no HTTPS port: redirect to the standard one unless told.
        services.AddHttpsRedirection(options => options.HttpsPort = builder.Configuration.GetValue<int?>("HTTPS_PORT") ?? 443);
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });

        services.AddHealthChecks()
            .AddDbContextCheck<OmnirapeuticDbContext>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<DatabaseSettingsHealthCheck>(DatabaseSettingsHealthCheck.Name, tags: [HealthEndpoints.ReadyTag]);

        return builder;
    }
}
