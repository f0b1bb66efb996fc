using Microsoft.AspNetCore.Components;
using MudBlazor;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Web.Components.Submissions;

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
    private bool requested;
    private string? error;

    [Inject]
    private UnitLedger Ledger { get; set; } = default!;

    [Inject]
    private PatientDirectory Patients { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    private bool IsComplete =>
        patientId is not null && serviceCode is not null && !string.IsNullOrWhiteSpace(authNumber) && startDate is not null && endDate is not null;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            patients = await Patients.ListAsync(Actor.OrganizationId);
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            error = message;
        }
    }

    private async Task CreateAsync()
    {
        if (patientId is not { } patient || serviceCode is null || authNumber is null || startDate is not { } start || endDate is not { } end)
        {
            return;
        }

        var request = new NewAuthorization(patient, serviceCode, authNumber, DateOnly.FromDateTime(start), DateOnly.FromDateTime(end), totalUnits,
            Status: requested ? AuthorizationStatus.Requested : AuthorizationStatus.Active);
        error = await Save.RunAsync(async key => Dialog.Close(DialogResult.Ok(await Ledger.CreateAsync(Actor, request, key))));
    }
}
