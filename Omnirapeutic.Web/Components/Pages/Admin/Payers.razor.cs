using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Payers;

namespace Omnirapeutic.Web.Components.Pages.Admin;

public partial class Payers
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private IReadOnlyList<PayerView>? payers;
    private Actor actor = null!;

    [Inject]
    private PayerDirectory Directory { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        actor = (await AuthenticationState).User.ToActor();
        await LoadAsync();
    }

    private async Task LoadAsync() => payers = await Directory.ListAsync(actor.OrganizationId);

    private Task CreateAsync() => OpenAsync("Add payer", null, "Payer added.");

    private Task EditAsync(PayerView payer) => OpenAsync($"Edit {payer.Name}", payer, $"{payer.Name} saved.");

    private async Task OpenAsync(string title, PayerView? payer, string saved)
    {
        var dialog = await Dialogs.ShowAsync<PayerDialog>(
            title, new DialogParameters<PayerDialog> { { d => d.Actor, actor }, { d => d.Editing, payer } }, DialogOptions);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(saved, Severity.Success);
            await LoadAsync();
        }
    }
}
