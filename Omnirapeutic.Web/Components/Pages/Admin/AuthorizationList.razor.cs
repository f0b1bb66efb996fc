using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Api;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>The admins' authorization list: filtered, sorted and paged in the database, refreshed live.</summary>
public sealed partial class AuthorizationList
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private MudDataGrid<AuthorizationListItem> grid = default!;
    private AuthorizationQuery filter = new();
    private Actor? actor;

    [Inject]
    private AuthorizationDirectory Directory { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task ReloadAsync() => grid.ReloadServerData();

    private async Task<GridData<AuthorizationListItem>> LoadAsync(GridState<AuthorizationListItem> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        filter = filter with
        {
            SortBy = SortField(sort),
            SortDescending = sort?.Descending ?? false,
            Page = state.Page,
            PageSize = state.PageSize,
        };
        var page = await Directory.SearchAsync((await ActorAsync()).OrganizationId, filter, cancellationToken);
        return new GridData<AuthorizationListItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task FilterByPatientAsync(string? value) => ApplyAsync(filter with { PatientName = value });

    private Task FilterByServiceCodeAsync(string? value) => ApplyAsync(filter with { ServiceCode = value });

    private Task FilterByStatusAsync(AuthorizationStatus? value) => ApplyAsync(filter with { Status = value });

    private Task FilterExpiringAsync(bool value) => ApplyAsync(filter with { ExpiringOnly = value });

    private Task FilterLowBalanceAsync(bool value) => ApplyAsync(filter with { LowBalanceOnly = value });

    private async Task ApplyAsync(AuthorizationQuery changed)
    {
        filter = changed;
        if (grid.CurrentPage == 0)
        {
            await grid.ReloadServerData();
        }
        else
        {
            // A narrower filter may have fewer pages than the one shown: start again from the first, which reloads.
            grid.NavigateTo(Page.First);
        }
    }

    private void OnSortChanged(Dictionary<string, SortDefinition<AuthorizationListItem>> sorts)
    {
        var sort = sorts.Values.FirstOrDefault();
        filter = filter with { SortBy = SortField(sort), SortDescending = sort?.Descending ?? false };
    }

    private async Task CreateAsync()
    {
        var parameters = new DialogParameters<NewAuthorizationDialog> { { d => d.Actor, await ActorAsync() } };
        await ShowAsync<NewAuthorizationDialog>("New authorization", parameters, "Authorization opened.");
    }

    private async Task AdjustAsync(AuthorizationListItem authorization)
    {
        var parameters = new DialogParameters<AdjustTotalDialog>
        {
            { d => d.Actor, await ActorAsync() },
            { d => d.Authorization, authorization },
        };
        await ShowAsync<AdjustTotalDialog>($"Adjust total of {authorization.AuthNumber}", parameters, "Total adjusted.");
    }

    private async Task RenewAsync(AuthorizationListItem authorization) =>
        await ShowAsync<RenewAuthorizationDialog>($"Renew {authorization.AuthNumber}", RenewAuthorizationDialog.For(await ActorAsync(), authorization), "Authorization renewed.");

    private async Task VoidAsync(AuthorizationListItem authorization)
    {
        var parameters = new DialogParameters<VoidAuthorizationDialog>
        {
            { d => d.Actor, await ActorAsync() },
            { d => d.Authorization, authorization },
        };
        await ShowAsync<VoidAuthorizationDialog>($"Void {authorization.AuthNumber}", parameters, "Authorization voided.");
    }

    private async Task DecideAsync(AuthorizationListItem authorization)
    {
        var parameters = new DialogParameters<PayerDecisionDialog>
        {
            { d => d.Actor, await ActorAsync() },
            { d => d.Authorization, authorization },
        };
        await ShowAsync<PayerDecisionDialog>($"The payer's decision on {authorization.AuthNumber}", parameters, "Decision recorded.");
    }

    private async Task ShowAsync<TDialog>(string title, DialogParameters parameters, string done)
        where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(done, Severity.Success);
            await grid.ReloadServerData();
        }
    }

    // The columns' property names are the sort fields' names.
    private static AuthorizationSortField SortField(SortDefinition<AuthorizationListItem>? sort) =>
        Enum.TryParse<AuthorizationSortField>(sort?.SortBy, out var field) ? field : AuthorizationSortField.AuthNumber;

    private async Task<Actor> ActorAsync()
    {
        actor ??= (await AuthenticationState).User.ToActor();
        OrganizationId = actor.OrganizationId;
        return actor;
    }

}
