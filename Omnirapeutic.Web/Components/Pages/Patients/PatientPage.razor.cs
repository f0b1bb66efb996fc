using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Web.Components.Pages.Schedule;

namespace Omnirapeutic.Web.Components.Pages.Patients;

/// <summary>
/// A patient's balances, alerts, upcoming sessions and ledger history (balances move live), when they can be seen
/// (admins and schedulers edit it), and "Find a slot" for their next session.
/// </summary>
public sealed partial class PatientPage
{
    private readonly Dictionary<Guid, IReadOnlyList<LedgerLine>> histories = [];
    private PatientProfile? profile;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;
    private bool notFound;
    private bool canEditAvailability;
    private bool isAdmin;
    private Actor actor = default!;
    private string? findRefusal;
    private int loadVersion;
    private int shownVersion;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private PatientDirectory Patients { get; set; } = default!;

    [Inject]
    private AccessLog Access { get; set; } = default!;

    [Inject]
    private Caseload Caseload { get; set; } = default!;

    /// <summary>The client whose view is recorded, carried from the prerender to the interactive render: one visit, one access event.</summary>
    [PersistentState]
    public Guid? RecordedView { get; set; }

    [Inject]
    private AuthorizationDirectory Authorizations { get; set; } = default!;

    [Inject]
    private PractitionerDirectory Practitioners { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Parameter]
    public Guid PatientId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        OrganizationId = user.GetOrganizationId();
        actor = user.ToActor();
        isAdmin = user.IsInRole(Roles.Admin);
        canEditAvailability = isAdmin || user.IsInRole(Roles.Scheduler);
        await LoadAsync();
    }

    protected override Task ReloadAsync() => LoadAsync();

    protected override bool Concerns(AuthorizationBalance balance) => balance.PatientId == PatientId;

    /// <summary>
    /// Draws the new numbers at once (only over older versions: a re-read may already show a newer one), then re-reads
    /// what they cannot carry: the sessions, the limited periods and the histories.
    /// </summary>
    protected override async Task ApplyAsync(IReadOnlyList<AuthorizationBalance> balances)
    {
        if (profile is not null)
        {
            var newer = balances.ToDictionary(b => b.Id);
            profile = profile with
            {
                Authorizations = [.. profile.Authorizations.Select(a => newer.TryGetValue(a.Id, out var b) && b.Version > a.Version ? b : a)],
            };
            StateHasChanged();
        }

        await LoadAsync();
    }

    /// <summary>
    /// Reads the page. When reads overlap (a live batch during the first load or a navigation to another patient), a
    /// read that started before the one shown is dropped, so an older balance or the previous patient never comes back.
    /// </summary>
    private async Task LoadAsync()
    {
        var version = ++loadVersion;
        try
        {
            await Caseload.EnsureVisibleAsync(actor, PatientId);
            var read = await Patients.GetProfileAsync(OrganizationId, PatientId);
            if (version < shownVersion)
            {
                return;
            }

            (profile, shownVersion, notFound) = (read, version, false);
            zone = TimeZoneInfo.FindSystemTimeZoneById(read.TimeZoneId);
            if (RecordedView != PatientId)
            {
                RecordedView = PatientId;
                await Access.RecordAsync(actor, "patient.view", "patient", PatientId.ToString(), new { view = "profile" });
            }

            foreach (var id in histories.Keys.ToList())
            {
                histories[id] = await Authorizations.HistoryAsync(OrganizationId, id);
            }
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound && version >= shownVersion)
        {
            (notFound, shownVersion) = (true, version);
        }
    }

    private async Task ShowHistoryAsync(Guid authorizationId, bool expanded)
    {
        if (expanded && !histories.ContainsKey(authorizationId))
        {
            histories[authorizationId] = await Authorizations.HistoryAsync(OrganizationId, authorizationId);
        }
    }

    /// <summary>With any practitioner for admins and schedulers; a practitioner finds slots with themselves.</summary>
    private async Task FindSlotAsync()
    {
        var bookable = await Practitioners.BookableAsync(OrganizationId, actor.UserId, canEditAvailability);
        findRefusal = bookable.Count == 0 ? "Booking needs a practitioner profile." : null;
        if (bookable.Count == 0)
        {
            return;
        }

        var summary = await Organizations.GetSummaryAsync(OrganizationId);
        if (await Dialogs.FindSlotAsync(actor, bookable, PatientId, Time.GetUtcNow(), zone, (summary.CalendarStartHour, summary.CalendarEndHour)))
        {
            await LoadAsync();
        }
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>The number of one of the patient's authorizations (a predecessor or successor).</summary>
    private string? NumberOf(Guid? authorizationId) => profile?.Authorizations.FirstOrDefault(a => a.Id == authorizationId)?.AuthNumber;
}
