using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>One claim batch: its lines, its reconciliation with the ledger, its CSV and voiding. Reading it is audited: it holds PHI.</summary>
public sealed partial class ClaimBatchPage
{
    private ClaimBatchView? batch;
    private bool notFound;
    private string? voidReason;
    private string? refusal;
    private Actor actor = default!;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;
    private DateOnly today;

    [Parameter]
    public Guid BatchId { get; set; }

    [Inject]
    private ClaimBatches Claims { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string FormattedTaxId => batch?.TaxId is { } taxId ? FederalTaxId.Format(taxId) : string.Empty;

    /// <summary>
    /// Read once the page is interactive, not while it is prerendered: every read of the lines is audited, so a view is
    /// one read. Another batch's link reads that one.
    /// </summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender || batch?.Id != BatchId && !notFound)
        {
            actor = (await AuthenticationState).User.ToActor();
            var timeZoneId = (await Organizations.GetSummaryAsync(actor.OrganizationId)).TimeZoneId;
            (zone, today) = (TimeZoneInfo.FindSystemTimeZoneById(timeZoneId), Time.Today(timeZoneId));
            await LoadAsync();
            StateHasChanged();
        }
    }

    protected override void OnParametersSet()
    {
        if (batch is not null && batch.Id != BatchId)
        {
            (batch, notFound) = (null, false);
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            (batch, notFound) = (await Claims.ExportAsync(actor, BatchId, "page"), false);
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound)
        {
            (batch, notFound) = (null, true);
        }
    }

    private async Task VoidAsync()
    {
        refusal = await Save.RunAsync(async key =>
        {
            await Claims.VoidAsync(actor, BatchId, voidReason ?? string.Empty, key);
            Snackbar.Add("Batch voided: its sessions are verified again.", Severity.Success);
        });
        if (refusal is null)
        {
            await LoadAsync();
        }
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    private string DaysLeft(DateOnly deadline) => ClaimsPage.DaysLeft(deadline.DayNumber - today.DayNumber);

    private static string DiagnosisOf(ClaimLineView line) =>
        line.DiagnosisPointer is { } pointer ? $"Dx {pointer}: {line.DiagnosisCodes[pointer - 1]}" : "no diagnosis recorded";

    private static string SubscriberOf(ClaimLineView line) => line.SubscriberRelationship switch
    {
        null => "subscriber not recorded",
        Core.Patients.SubscriberRelationship.Self => "self-insured",
        { } relationship => $"{relationship.ToString().ToLowerInvariant()} {line.SubscriberName}",
    };
}
