using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;
using Omnirapeutic.Web.Api;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Supervision;

/// <summary>
/// Each followed RBT's supervision of a month, with every requirement's figure; for one at risk this month, the
/// suggested 97155s, each booked in one click through the normal booking path. Read again whenever a session changes.
/// </summary>
public sealed partial class SupervisionPage
{
    private SupervisionMonth? month;
    private DateOnly? shown;
    private string? refusal;
    private Actor actor = null!;
    private bool everyone;
    private Guid? suggestingFor;
    private IReadOnlyList<SupervisionSuggestion>? suggestions;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;

    /// <summary>The month to open on, as yyyy-MM; this month when absent.</summary>
    [SupplyParameterFromQuery(Name = "month")]
    public string? Month { get; set; }

    [Inject]
    private SupervisionReport Report { get; set; } = default!;

    [Inject]
    private SupervisionPlanner Planner { get; set; } = default!;

    [Inject]
    private AppointmentScheduler Scheduler { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        actor = user.ToActor();
        everyone = SupervisionEndpoints.SeesEveryone(user);
        OrganizationId = actor.OrganizationId;
        zone = TimeZoneInfo.FindSystemTimeZoneById((await Organizations.GetSummaryAsync(OrganizationId)).TimeZoneId);
        try
        {
            shown = SupervisionReport.ParseMonth(Month);
        }
        catch (DomainException e)
        {
            refusal = e.Message;
        }

        await ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        month = await Report.GetAsync(actor.OrganizationId, actor.UserId, everyone, shown);
        shown = month.Month;
        if (suggestingFor is { } rbt)
        {
            suggestions = await Planner.SuggestAsync(actor, everyone, rbt, shown);
        }
    }

    private async Task MoveAsync(int months)
    {
        shown = shown?.AddMonths(months);
        (suggestingFor, suggestions) = (null, null);
        await ReloadAsync();
    }

    private async Task SuggestAsync(Guid rbtId)
    {
        (suggestingFor, suggestions) = (rbtId, null);
        suggestions = await Planner.SuggestAsync(actor, everyone, rbtId, shown);
    }

    private async Task BookAsync(SupervisionSuggestion suggestion)
    {
        refusal = await Save.RunAsync(
            async key =>
            {
                await Scheduler.BookAsync(
                    actor, new BookingRequest(suggestion.PatientId, suggestion.PractitionerId, suggestion.AuthorizationId, suggestion.Start, suggestion.End), key);
                Snackbar.Add($"97155 booked with {suggestion.PractitionerName}.", Severity.Success);
            });
        await ReloadAsync();
    }

    /// <summary>An RBT at risk in a month not yet over (a month over has nothing left to book).</summary>
    private bool CanPlan(RbtSupervision rbt) => rbt.Status == SupervisionStatus.AtRisk && month is { IsOver: false };

    private string Local(DateTimeOffset instant, string format) => TimeZoneInfo.ConvertTime(instant, zone).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
