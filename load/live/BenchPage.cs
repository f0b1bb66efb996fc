using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.LiveBench;

/// <summary>
/// A subscribed page as the product's are (a <see cref="LiveBalancePage"/> on its own renderer), showing one balance;
/// after each render it notes when it first drew each version, for the commit-to-render figures.
/// </summary>
public sealed class BenchPage : LiveBalancePage
{
    private AuthorizationBalance? shown;
    private long recorded;

    [Parameter, EditorRequired]
    public Guid Organization { get; set; }

    [Parameter, EditorRequired]
    public Guid AuthorizationId { get; set; }

    /// <summary>The moment (Stopwatch ticks) each version was first drawn; a coalesced version is drawn with the newer one.</summary>
    public Dictionary<long, long> DrawnAt { get; } = [];

    public long ShownVersion => recorded;

    protected override void OnInitialized() => OrganizationId = Organization;

    protected override bool Concerns(AuthorizationBalance balance) => balance.Id == AuthorizationId;

    protected override Task ReloadAsync() => Task.CompletedTask;

    protected override Task ApplyAsync(IReadOnlyList<AuthorizationBalance> balances)
    {
        var newest = balances.MaxBy(b => b.Version);
        if (newest is not null && newest.Version > (shown?.Version ?? 0))
        {
            shown = newest;
        }

        return Task.CompletedTask;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        base.OnAfterRender(firstRender);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (shown is { } balance && balance.Version > recorded)
        {
            for (var version = recorded + 1; version <= balance.Version; version++)
            {
                DrawnAt[version] = now;
            }

            recorded = balance.Version;
        }
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "output");
        builder.AddContent(1, shown?.AvailableUnits);
        builder.CloseElement();
    }
}
