using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>Revenue per week and what waits longest at each step; read again whenever a session changes anywhere.</summary>
public sealed partial class RevenuePage
{
    private Revenue? revenue;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;

    [Inject]
    private RevenueReport Report { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        OrganizationId = (await AuthenticationState).User.GetOrganizationId();
        zone = TimeZoneInfo.FindSystemTimeZoneById((await Organizations.GetSummaryAsync(OrganizationId)).TimeZoneId);
        await ReloadAsync();
    }

    protected override async Task ReloadAsync() => revenue = await Report.GetAsync(OrganizationId);

    /// <summary>How one step of a week reads: sessions, units and charges.</summary>
    internal static string Describe(RevenueStep step) =>
        $"{step.Sessions} sessions · {step.Units} units · {step.Charges.ToString("C", ClaimsPage.Money)}";

    internal static string Days(int days) => days switch
    {
        0 => "under a day",
        1 => "1 day",
        _ => $"{days} days",
    };

    private static IEnumerable<(string Title, WaitingStep Step, string TestId)> Steps(Revenue revenue) =>
    [
        ("Notes to sign", revenue.ToDocument, "waiting-note"),
        ("To verify", revenue.ToVerify, "waiting-verification"),
        ("To bill", revenue.ToBill, "waiting-batch"),
    ];

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
}
