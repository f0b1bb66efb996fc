using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Admin;

public partial class Users
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private IReadOnlyList<UserListItem>? users;
    private Actor actor = null!;

    [Inject]
    private UserDirectory UserDirectory { get; set; } = default!;

    [Inject]
    private UserAdministration Administration { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        actor = user.ToActor();
        await LoadAsync();
    }

    private async Task LoadAsync() => users = await UserDirectory.ListAsync(actor.OrganizationId);

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<CreateUserDialog>(
            "Add user", new DialogParameters<CreateUserDialog> { { d => d.Actor, actor } }, DialogOptions);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add("User created.", Severity.Success);
            await LoadAsync();
        }
    }

    private Task LockAsync(UserListItem user) =>
        ConfirmAsync(
            "Lock user",
            $"Lock {user.DisplayName}? They are signed out and cannot sign in until an admin unlocks them.",
            "Lock",
            () => Administration.LockAsync(actor, user.Id),
            $"{user.DisplayName} is locked.");

    private Task ResetTwoFactorAsync(UserListItem user) =>
        ConfirmAsync(
            "Reset two-factor sign-in",
            $"Reset {user.DisplayName}'s two-factor sign-in (a lost phone)? Their authenticator app and recovery codes stop working and they are signed out, and sign in with their password until they set it up again.",
            "Reset",
            () => Administration.ResetTwoFactorAsync(actor, user.Id),
            $"{user.DisplayName}'s two-factor sign-in is reset.");

    private Task SignOutEverywhereAsync(UserListItem user) =>
        ConfirmAsync(
            "Sign out everywhere",
            $"Sign {user.DisplayName} out everywhere? Every browser, open page and API token of theirs stops within seconds; they can sign in again.",
            "Sign out",
            () => Administration.SignOutEverywhereAsync(actor, user.Id),
            $"{user.DisplayName} is signed out everywhere.");

    /// <summary>A change that asks first.</summary>
    private async Task ConfirmAsync(string title, string question, string yes, Func<Task> change, string done)
    {
        if (await Dialogs.ShowMessageBoxAsync(title, question, yesText: yes, cancelText: "Cancel") == true)
        {
            await ChangeAsync(change, done);
        }
    }

    private Task UnlockAsync(UserListItem user) =>
        ChangeAsync(() => Administration.UnlockAsync(actor, user.Id), $"{user.DisplayName} is unlocked.");

    private async Task SetNpiAsync(UserListItem user)
    {
        var dialog = await Dialogs.ShowAsync<NpiDialog>(
            "NPI", new DialogParameters<NpiDialog> { { d => d.Actor, actor }, { d => d.User, user } }, DialogOptions);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"{user.DisplayName}'s NPI was saved.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task SetCredentialAsync(UserListItem user)
    {
        var dialog = await Dialogs.ShowAsync<CredentialDialog>(
            "Certification", new DialogParameters<CredentialDialog> { { d => d.Actor, actor }, { d => d.User, user } }, DialogOptions);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"{user.DisplayName}'s certification was saved.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ResetPasswordAsync(UserListItem user)
    {
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>(
            "Reset password",
            new DialogParameters<ResetPasswordDialog> { { d => d.Actor, actor }, { d => d.User, user } },
            DialogOptions);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"{user.DisplayName}'s password was reset.", Severity.Success);
        }
    }

    /// <summary>Shows the list as it is now after the change; after an outage it stays as it was, which is still true.</summary>
    private async Task ChangeAsync(Func<Task> change, string done)
    {
        var failed = await Save.RunAsync(async _ =>
        {
            await change();
            Snackbar.Add(done, Severity.Success);
        }, onRefused: LoadAsync);
        if (failed is null)
        {
            await LoadAsync();
        }
    }
}
