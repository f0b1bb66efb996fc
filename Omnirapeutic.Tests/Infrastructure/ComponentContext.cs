using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Components.Submissions;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>A bUnit context with MudBlazor and the real Core services on a test database, signed in as the actor.</summary>
internal static class ComponentContext
{
    public static BunitContext WithCore(
        this BunitContext context, string connectionString, Actor actor, string? role = null, params Claim[] claims)
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddLogging();
        context.Services.AddCore(connectionString);
        context.Services.AddSingleton<BalanceNotifier>();
        context.Services.AddTransient<Submission>();
        context.AddAuthorization()
            .SetAuthorized("tester")
            .SetRoles(role is null ? [] : [role])
            .SetClaims([
                new Claim(OmnirapeuticClaimTypes.OrganizationId, actor.OrganizationId.ToString()),
                new Claim(ClaimTypes.NameIdentifier, actor.UserId.ToString()),
                .. claims]);
        return context;
    }
}
