using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Web.Components.Pages.Admin;
using Omnirapeutic.Web.Components.Pages.Schedule;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Web.Components.Pages;

/// <summary>
/// The dashboard: the organization at a glance, what needs an admin (the worklist's counts), unit utilization,
/// authorizations at risk, today's sessions, integrity; for a practitioner, the notes they still have to write; for an
/// admin or a BCBA, the sessions waiting for their verification; for an admin, this week's revenue and what waits to be billed;
/// for an RBT their month of supervision, for whoever follows RBTs how many are at risk of missing theirs.
/// </summary>
public sealed partial class Home
{
    private const int MaxAtRiskShown = 10;
    private const int MaxNotesShown = 10;

    private OrganizationSummary? summary;
    private string? displayName;
    private string[] utilizationLabels = [];
    private List<ChartSeries<double>> utilizationSeries = [];
    private IReadOnlyList<AuthorizationForecast> atRisk = [];
    private ScheduleDay? today;
    private int? integrityViolations;
    private Worklist? worklist;
    private Revenue? revenue;
    private bool isAdmin;
    private bool hasPractitionerProfile;
    private bool reviews;
    private Guid userId;
    private IReadOnlyList<NoteToWrite>? notesToWrite;
    private IReadOnlyList<SessionToVerify>? toVerify;
    private SupervisionMonth? supervision;
    private bool seesEveryone;
    private bool followsSupervision;
    private bool ownSupervision;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private UtilizationReport Utilization { get; set; } = default!;

    [Inject]
    private AppointmentBook Schedule { get; set; } = default!;

    [Inject]
    private IntegrityCheck Integrity { get; set; } = default!;

    [Inject]
    private AuthorizationWorklist Worklists { get; set; } = default!;

    [Inject]
    private SessionNotes Notes { get; set; } = default!;

    [Inject]
    private RevenueReport Revenue { get; set; } = default!;

    [Inject]
    private SessionVerification Verification { get; set; } = default!;

    [Inject]
    private PractitionerDirectory Practitioners { get; set; } = default!;

    [Inject]
    private SupervisionReport Supervision { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        OrganizationId = user.GetOrganizationId();
        isAdmin = user.IsInRole(Roles.Admin);
        userId = user.GetUserId();
        var profile = await Practitioners.FindByUserAsync(OrganizationId, userId);
        hasPractitionerProfile = profile is not null;
        reviews = isAdmin || profile?.Credential == Credential.BCBA;
        seesEveryone = isAdmin || user.IsInRole(Roles.Scheduler);
        ownSupervision = profile?.Credential == Credential.RBT;
        followsSupervision = seesEveryone || profile is not null;
        displayName = user.FindFirst(OmnirapeuticClaimTypes.DisplayName)?.Value;
        await LoadAsync();
    }

    protected override Task ReloadAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var byCode = await Utilization.ByServiceCodeAsync(OrganizationId);
        utilizationLabels = [.. byCode.Select(c => c.ServiceCode)];
        utilizationSeries =
        [
            new ChartSeries<double>([.. byCode.Select(c => (double)c.UsedUnits)]) { Name = "Used" },
            new ChartSeries<double>([.. byCode.Select(c => (double)c.ScheduledUnits)]) { Name = "Scheduled" },
            new ChartSeries<double>([.. byCode.Select(c => (double)c.AvailableUnits)]) { Name = "Available" },
        ];
        atRisk = await Utilization.AtRiskAsync(OrganizationId);
        today = await Schedule.TodayAsync(OrganizationId);
        if (isAdmin)
        {
            integrityViolations = (await Integrity.FindViolationsAsync(OrganizationId)).Count;
            worklist = await Worklists.GetAsync(OrganizationId);
            revenue = await Revenue.GetAsync(OrganizationId);
        }

        if (hasPractitionerProfile)
        {
            notesToWrite = await Notes.ToWriteAsync(OrganizationId, userId);
        }

        if (followsSupervision)
        {
            supervision = await Supervision.GetAsync(OrganizationId, userId, seesEveryone);
        }

        if (reviews)
        {
            toVerify = await Verification.ToVerifyAsync(OrganizationId, userId, isAdmin);
        }

        summary = await Organizations.GetSummaryAsync(OrganizationId);
        zone = TimeZoneInfo.FindSystemTimeZoneById(summary.TimeZoneId);
    }

    /// <summary>
    /// Opens a session's note; when it closes both lists are read again (signed, corrected and verified sessions leave
    /// them; drafts say so), as they are whenever a session changes anywhere.
    /// </summary>
    private async Task OpenNoteAsync(Guid appointmentId, DateTimeOffset startAt, string patientInitials, string serviceCode)
    {
        var dialog = await Dialogs.ShowAsync<SessionNoteDialog>(
            "Session note",
            new DialogParameters<SessionNoteDialog>
            {
                { d => d.AppointmentId, appointmentId },
                { d => d.Heading, $"{patientInitials} · {serviceCode} · {Local(startAt):ddd d MMM HH:mm}" },
                { d => d.TimeZone, zone },
            },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        await dialog.Result;
        notesToWrite = hasPractitionerProfile ? await Notes.ToWriteAsync(OrganizationId, userId) : null;
        toVerify = reviews ? await Verification.ToVerifyAsync(OrganizationId, userId, isAdmin) : null;
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>"; the longest for 12 days", of the session that has waited longest at any step.</summary>
    private static string Longest(Revenue money) =>
        money.ToDocument.Oldest.Concat(money.ToVerify.Oldest).Concat(money.ToBill.Oldest).MaxBy(w => w.DaysWaiting) is { } longest
            ? $"; the longest for {RevenuePage.Days(longest.DaysWaiting)}"
            : string.Empty;

    private static string Describe(AuthorizationForecast forecast) => forecast.Risk switch
    {
        AuthorizationRisk.RunsOutEarly => $"Runs out around {forecast.RunsOutOn:yyyy-MM-dd} ({forecast.ProjectedUnits} of {forecast.Usage.TotalUnits} units needed)",
        _ => $"On pace for {forecast.ProjectedUnits} of {forecast.Usage.TotalUnits} units",
    };
}
