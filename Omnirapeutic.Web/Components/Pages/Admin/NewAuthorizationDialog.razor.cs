using Microsoft.AspNetCore.Components;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>Opens a new authorization through the unit ledger; a refusal keeps the dialog open with the reason.</summary>
public sealed partial class NewAuthorizationDialog
{
    private IReadOnlyList<PatientListItem>? patients;
    private Guid? patientId;
    private string? serviceCode;
    private string? authNumber;
    private DateTime? startDate;
    private DateTime? endDate;
    private int totalUnits;
    private string? error;
    private bool saving;

    [Inject]
    private UnitLedger Ledger { get; set; } = default!;

    [Inject]
    private PatientDirectory Patients { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    private bool IsComplete =>
        patientId is not null && serviceCode is not null && !string.IsNullOrWhiteSpace(authNumber) && startDate is not null && endDate is not null;

    protected override async Task OnInitializedAsync() => patients = await Patients.ListAsync(Actor.OrganizationId);

    private async Task CreateAsync()
    {
        if (patientId is not { } patient || serviceCode is null || authNumber is null || startDate is not { } start || endDate is not { } end)
        {
            return;
        }

        saving = true;
        try
        {
            var request = new NewAuthorization(patient, serviceCode, authNumber, DateOnly.FromDateTime(start), DateOnly.FromDateTime(end), totalUnits);
            Dialog.Close(DialogResult.Ok(await Ledger.CreateAsync(Actor, request)));
        }
        catch (DomainException e)
        {
            error = e.Message;
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            saving = false;
        }
    }
}
