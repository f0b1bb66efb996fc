using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>The organization's claim batches, newest first, and the form that makes one.</summary>
public sealed partial class ClaimsPage
{
    /// <summary>Charges read in US dollars, as the payers' fee schedules are written.</summary>
    internal static readonly CultureInfo Money = CultureInfo.GetCultureInfo("en-US");

    private IReadOnlyList<PayerView> payers = [];
    private IReadOnlyList<ClaimBatchSummary>? batches;
    private Guid? payerId;
    private DateTime? from;
    private DateTime? to;
    private string? refusal;
    private Actor actor = default!;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;

    [Inject]
    private ClaimBatches Claims { get; set; } = default!;

    [Inject]
    private PayerDirectory Payers { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        actor = (await AuthenticationState).User.ToActor();
        var summary = await Organizations.GetSummaryAsync(actor.OrganizationId);
        zone = TimeZoneInfo.FindSystemTimeZoneById(summary.TimeZoneId);
        var today = Time.Today(summary.TimeZoneId);
        // What the user picked while the page was still loading stays picked.
        from ??= today.AddDays(1 - today.Day).AddMonths(-1).ToDateTime(TimeOnly.MinValue);
        to ??= today.ToDateTime(TimeOnly.MinValue);
        payers = await Payers.ListAsync(actor.OrganizationId);
        payerId ??= payers.FirstOrDefault(p => p.IsDefault)?.Id;
        batches = await Claims.ListAsync(actor.OrganizationId);
    }

    private async Task CreateAsync()
    {
        if (payerId is null || from is null || to is null)
        {
            refusal = "Choose a payer and the first and last dates of service.";
            return;
        }

        refusal = await Save.RunAsync(async key =>
        {
            var id = await Claims.CreateAsync(actor, payerId.Value, DateOnly.FromDateTime(from.Value), DateOnly.FromDateTime(to.Value), key);
            Navigation.NavigateTo($"admin/claims/{id}");
        });
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
}
