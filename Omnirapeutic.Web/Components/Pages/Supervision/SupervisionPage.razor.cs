using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;
using Omnirapeutic.Web.Api;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Supervision;

/// <summary>
/// Each followed RBT's supervision of a month, with every requirement's figure; for one at risk this month, the
/// suggested 97155s, observations and meetings, each booked in one click through the normal path. Read again whenever a session changes.
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
    private (int First, int End) hours;
    private IReadOnlyList<PractitionerListItem> supervisors = [];
    private IReadOnlyList<SupervisionMeetingView> meetings = [];
    private Guid? viewerId;

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
    private SupervisionMeetings Meetings { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private PractitionerDirectory Practitioners { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        actor = user.ToActor();
        everyone = SupervisionEndpoints.SeesEveryone(user);
        OrganizationId = actor.OrganizationId;
        var organization = await Organizations.GetSummaryAsync(OrganizationId);
        (zone, hours) = (TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZoneId), (organization.CalendarStartHour, organization.CalendarEndHour));
        viewerId = (await Practitioners.FindByUserAsync(OrganizationId, actor.UserId))?.Id;
        supervisors = [.. (await Practitioners.BookableAsync(OrganizationId, actor.UserId, everyone)).Where(p => p.Credential.CanSupervise())];
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
        var (from, to) = SupervisionRequirement.MonthWindow(zone, month.Month);
        meetings = everyone || viewerId is not null ? await Meetings.ListAsync(actor.OrganizationId, from, to, everyone ? null : viewerId) : [];
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
                if (suggestion.Kind == SupervisionSuggestionKind.Overlay)
                {
                    await Scheduler.BookAsync(actor, suggestion.ToBooking(), key);
                }
                else
                {
                    await Meetings.ScheduleAsync(actor, everyone, suggestion.ToMeeting(), key);
                }

                Snackbar.Add($"{SupervisionText.Describe(suggestion.Kind)} {(suggestion.Kind == SupervisionSuggestionKind.Overlay ? "booked" : "scheduled")} with {suggestion.PractitionerName}.", Severity.Success);
            });
        await ReloadAsync();
    }

    /// <summary>A meeting of a supervisor the viewer may schedule for (themself, unless they are the front desk) with RBTs they follow.</summary>
    private async Task ScheduleMeetingAsync()
    {
        var today = Time.Today(zone.Id);
        var parameters = new DialogParameters<MeetingDialog>
        {
            { d => d.Actor, actor },
            { d => d.Everyone, everyone },
            { d => d.Supervisors, supervisors },
            { d => d.Rbts, [.. month!.Rbts.Select(r => (r.PractitionerId, r.Name))] },
            { d => d.TimeZone, zone },
            { d => d.FirstDay, month.Month > today ? month.Month : today },
            { d => d.Hours, hours },
        };
        var dialog = await Dialogs.ShowAsync<MeetingDialog>("Schedule a supervision meeting", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: SupervisionMeetingView meeting })
        {
            Snackbar.Add($"{meeting.Title} scheduled.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task CompleteAsync(SupervisionMeetingView meeting)
    {
        refusal = await Save.RunAsync(async key =>
        {
            await Meetings.CompleteAsync(actor, everyone, meeting.Id, key);
            Snackbar.Add($"{meeting.Title} completed.", Severity.Success);
        });
        await ReloadAsync();
    }

    private async Task CancelAsync(SupervisionMeetingView meeting)
    {
        var parameters = new DialogParameters<CancelMeetingDialog> { { d => d.Actor, actor }, { d => d.Everyone, everyone }, { d => d.Meeting, meeting } };
        var dialog = await Dialogs.ShowAsync<CancelMeetingDialog>("Cancel supervision", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"{meeting.Title} cancelled.", Severity.Success);
            await ReloadAsync();
        }
    }

    /// <summary>An RBT at risk in a month not yet over (a month over has nothing left to book).</summary>
    private bool CanPlan(RbtSupervision rbt) => rbt.Status == SupervisionStatus.AtRisk && month is { IsOver: false } && supervisors.Count > 0;

    private string Local(DateTimeOffset instant, string format) => TimeZoneInfo.ConvertTime(instant, zone).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
