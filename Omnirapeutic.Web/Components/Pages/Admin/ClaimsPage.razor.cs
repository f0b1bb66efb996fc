using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>What waits to be billed per payer (nearest deadline first), the organization's claim batches, newest first, and the form that makes one.</summary>
public sealed partial class ClaimsPage
{
    /// <summary>Charges read in US dollars, as the payers' fee schedules are written.</summary>
    internal static readonly CultureInfo Money = CultureInfo.GetCultureInfo("en-US");

    private IReadOnlyList<PayerView> payers = [];
    private IReadOnlyList<ClaimBatchSummary>? batches;
    private IReadOnlyList<ReadyToBill>? ready;
    private DateOnly today;
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
        today = Time.Today(summary.TimeZoneId);
        // What the user picked while the page was still loading stays picked.
        from ??= today.AddDays(1 - today.Day).AddMonths(-1).ToDateTime(TimeOnly.MinValue);
        to ??= today.ToDateTime(TimeOnly.MinValue);
        payers = await Payers.ListAsync(actor.OrganizationId);
        payerId ??= payers.FirstOrDefault(p => p.IsDefault)?.Id;
        ready = await Claims.ReadyAsync(actor.OrganizationId);
        batches = await Claims.ListAsync(actor.OrganizationId);
    }

    /// <summary>How a deadline reads: the days left, due today, or the days since it passed.</summary>
    internal static string DaysLeft(int days) => days switch
    {
        0 => "due today",
        1 => "1 day left",
        > 1 => $"{days} days left",
        -1 => "1 day past",
        _ => $"{-days} days past",
    };

    /// <summary>Two weeks or less left is a warning; a deadline passed is an error.</summary>
    private static Color UrgencyOf(int daysLeft) => daysLeft switch
    {
        < 0 => Color.Error,
        <= 14 => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>Fills the form with the payer's waiting sessions: from the oldest date of service to today.</summary>
    private void Choose(ReadyToBill waiting) =>
        (payerId, from, to) = (waiting.PayerId, waiting.OldestServiceDate.ToDateTime(TimeOnly.MinValue), today.ToDateTime(TimeOnly.MinValue));

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
