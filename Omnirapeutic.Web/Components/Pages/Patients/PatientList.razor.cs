using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Web.Components.Pages.Patients;

public partial class PatientList
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private IReadOnlyList<PatientListItem>? patients;
    private string? search;
    private Actor actor = null!;
    private bool isAdmin;

    [Inject]
    private PatientDirectory Patients { get; set; } = default!;

    [Inject]
    private AccessLog Access { get; set; } = default!;

    /// <summary>Whether the first list is recorded, carried from the prerender to the interactive render: one visit, one access event.</summary>
    [PersistentState]
    public bool RecordedList { get; set; }

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        actor = user.ToActor();
        isAdmin = user.IsInRole(Roles.Admin);
        patients = await Patients.ListForAsync(actor);
        if (!RecordedList)
        {
            RecordedList = true;
            await RecordListAsync();
        }
    }

    private async Task SearchAsync(string? value)
    {
        search = value;
        patients = await Patients.ListForAsync(actor, search);
        await RecordListAsync();
    }

    // The names shown are PHI: the event holds how many and which records, never what was typed.
    private ValueTask RecordListAsync() =>
        Access.RecordAsync(actor, "patient.search", "patient-list", string.Empty, new
        {
            searched = !string.IsNullOrWhiteSpace(search),
            results = patients!.Count,
            patients = patients.Take(100).Select(p => p.Id),
        });

    private Task RegisterAsync() =>
        ShowDialogAsync("Add patient", new DialogParameters<PatientDialog> { { d => d.Actor, actor } }, "Patient added.");

    private async Task EditAsync(PatientListItem patient)
    {
        PatientDetails details;
        try
        {
            details = await Patients.GetAsync(actor.OrganizationId, patient.Id);
            await Access.RecordAsync(actor, "patient.view", "patient", patient.Id.ToString(), new { view = "details" });
        }
        catch (DomainException refusal)
        {
            Snackbar.Add(refusal.Message, Severity.Error);
            return;
        }

        await ShowDialogAsync(
            "Edit patient",
            new DialogParameters<PatientDialog> { { d => d.Actor, actor }, { d => d.PatientId, patient.Id }, { d => d.Details, details } },
            "Patient saved.");
    }

    private async Task ShowDialogAsync(string title, DialogParameters<PatientDialog> parameters, string done)
    {
        var dialog = await Dialogs.ShowAsync<PatientDialog>(title, parameters, DialogOptions);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(done, Severity.Success);
            await SearchAsync(search);
        }
    }
}
