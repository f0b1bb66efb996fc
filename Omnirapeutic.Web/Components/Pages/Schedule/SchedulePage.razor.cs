using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>A practitioner's week; practitioners see their own, admins and schedulers any practitioner's. Moves live with every balance change.</summary>
public sealed partial class SchedulePage
{
    private Actor actor = default!;
    /// <summary>Admins and schedulers see and book for every practitioner; a practitioner sees their own week.</summary>
    private bool seesEveryone;
    private bool loaded;

    /// <summary>
    /// Whether today (in the organization's zone) is known. The prerendered buttons are live before the circuit's own
    /// initialization has read it; until then they are disabled, so a quick click cannot move from no date at all.
    /// </summary>
    private bool dated;
    private IReadOnlyList<PractitionerListItem> practitioners = [];
    private PractitionerListItem? practitioner;
    private CalendarWeek? week;
    private TimeZoneInfo? zone;
    private DateOnly today;
    private DateOnly day;
    private DateOnly shown;
    private int firstHour = Organization.DefaultCalendarStartHour;
    private int endHour = Organization.DefaultCalendarEndHour;
    private int loadVersion;
    private int shownVersion;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private AppointmentBook Book { get; set; } = default!;

    [Inject]
    private PractitionerDirectory Practitioners { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Parameter]
    public Guid? PractitionerId { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        actor = user.ToActor();
        OrganizationId = actor.OrganizationId;
        seesEveryone = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Scheduler);
        practitioners = await Practitioners.ListAsync(actor.OrganizationId);
        var mine = await Practitioners.FindByUserAsync(actor.OrganizationId, actor.UserId);
        practitioner = seesEveryone
            ? practitioners.FirstOrDefault(p => p.Id == PractitionerId) ?? mine ?? practitioners.FirstOrDefault()
            : mine;
        loaded = true;
        var summary = await Organizations.GetSummaryAsync(actor.OrganizationId);
        var timeZoneId = summary.TimeZoneId;
        (firstHour, endHour) = (summary.CalendarStartHour, summary.CalendarEndHour);
        zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        (today, shown, day) = (Time.Today(timeZoneId), Time.Today(timeZoneId), Time.Today(timeZoneId));
        dated = true;
        await LoadAsync(shown);
    }

    /// <summary>Every booking, change and cancellation moves a balance, so any change in the organization redraws the week.</summary>
    protected override Task ReloadAsync() => LoadAsync(shown);

    /// <summary>
    /// Reads the week. When reloads overlap (live updates during a navigation), a read older than the one shown is
    /// dropped; any newer one is shown, so a steady stream of updates cannot starve the page.
    /// </summary>
    private async Task LoadAsync(DateOnly around)
    {
        var version = ++loadVersion;
        if (practitioner is not null)
        {
            var read = await Book.CalendarAsync(actor.OrganizationId, practitioner.Id, around);
            if (version > shownVersion)
            {
                (week, shownVersion) = (read, version);
            }
        }
    }

    private async Task SelectPractitionerAsync(Guid? id)
    {
        practitioner = practitioners.FirstOrDefault(p => p.Id == id);
        await LoadAsync(shown);
    }

    private async Task MoveAsync(int days)
    {
        shown = shown.AddDays(days);
        day = day.AddDays(days);
        await LoadAsync(shown);
    }

    private async Task TodayAsync()
    {
        (shown, day) = (today, today);
        await LoadAsync(shown);
    }

    private async Task BookAsync(DateTimeOffset start)
    {
        if (await Dialogs.BookAsync(actor, practitioner!, start, zone!, (firstHour, endHour)))
        {
            await LoadAsync(shown);
        }
    }

    private async Task OpenAsync(CalendarEntry entry)
    {
        if (await Dialogs.OpenSessionAsync(actor, entry, zone!, seesEveryone ? practitioners : []))
        {
            await LoadAsync(shown);
        }
    }

    /// <summary>The certification's last day and an RBT's supervisor, when they are recorded.</summary>
    private string? CredentialLine(PractitionerListItem shown)
    {
        var parts = new List<string>();
        if (shown.CredentialExpiresOn is { } expiresOn)
        {
            parts.Add($"{shown.Credential} certification until {expiresOn:yyyy-MM-dd}");
        }

        if (practitioners.FirstOrDefault(p => p.Id == shown.SupervisorId) is { } supervisor)
        {
            parts.Add($"supervised by {supervisor.Name} ({supervisor.Credential})");
        }

        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }
}
