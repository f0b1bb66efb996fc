using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Pages.Schedule;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>What needs an admin, redrawn whenever a balance of the organization changes; each row opens the action that resolves it.</summary>
public sealed partial class WorklistPage
{
    private Worklist? worklist;
    private Actor actor = null!;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;
    private int followUpDays;

    [Inject]
    private AuthorizationWorklist Worklists { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private AppointmentBook Book { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        actor = (await AuthenticationState).User.ToActor();
        OrganizationId = actor.OrganizationId;
        await LoadAsync();
    }

    protected override Task ReloadAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var settings = await Organizations.GetSettingsAsync(OrganizationId);
        (zone, followUpDays) = (TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZoneId), settings.RequestedFollowUpDays);
        worklist = await Worklists.GetAsync(OrganizationId);
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    private Task RenewAsync(AuthorizationListItem authorization) =>
        ShowAsync<RenewAuthorizationDialog>($"Renew {authorization.AuthNumber}", RenewAuthorizationDialog.For(actor, authorization), "Authorization renewed.");

    private Task DecideAsync(AuthorizationListItem authorization) =>
        ShowAsync<PayerDecisionDialog>(
            $"The payer's decision on {authorization.AuthNumber}",
            new DialogParameters<PayerDecisionDialog> { { d => d.Actor, actor }, { d => d.Authorization, authorization } },
            "Decision recorded.");

    private Task AdjustAsync(AuthorizationListItem authorization) =>
        ShowAsync<AdjustTotalDialog>(
            $"Adjust total of {authorization.AuthNumber}",
            new DialogParameters<AdjustTotalDialog> { { d => d.Actor, actor }, { d => d.Authorization, authorization } },
            "Total adjusted.");

    private async Task OpenSessionAsync(Guid appointmentId)
    {
        var (entry, timeZoneId) = await Book.EntryAsync(OrganizationId, appointmentId);
        var parameters = new DialogParameters<SessionDialog>
        {
            { d => d.Actor, actor },
            { d => d.Entry, entry },
            { d => d.TimeZone, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId) },
        };
        var dialog = await Dialogs.ShowAsync<SessionDialog>("Session", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private async Task ShowAsync<TDialog>(string title, DialogParameters parameters, string done)
        where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
        }
    }
}
