using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Omnirapeutic.Web.Components.Account;

/// <summary>
/// Checks an open circuit's user again every <see cref="CurrentCredentials.CheckIntervalSetting"/> (at least a second):
/// a user locked, reset or signed out everywhere loses the page within seconds, not at the next page load.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IConfiguration configuration)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval { get; } = TimeSpan.FromTicks(Math.Max(
        TimeSpan.FromSeconds(1).Ticks, configuration.GetValue(CurrentCredentials.CheckIntervalSetting, CurrentCredentials.DefaultCheckInterval).Ticks));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A scope of its own, so the user is read fresh rather than from a context the circuit has held for hours.
        await using var scope = scopeFactory.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CurrentCredentials>().IsCurrentAsync(authenticationState.User);
    }
}
