using System.Globalization;
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
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Pages.Schedule;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Web.Components.Pages.Patients;

/// <summary>
/// A client's week across all their practitioners, from the client's page: book into an empty slot (with the practitioner
/// chosen in "Book with"; a practitioner books with themself), open or drag a session to move it. Moves live with every
/// change to the client's authorizations.
/// </summary>
public sealed partial class PatientSchedulePage
{
    private Actor actor = default!;
    private PatientWeek? week;
    private TimeZoneInfo? zone;
    private DateOnly today;
    private DateOnly shown;
    private bool notFound;
    private bool seesEveryone;
    private IReadOnlyList<PractitionerListItem> bookable = [];
    private Guid? bookWith;
    private int firstHour = Organization.DefaultCalendarStartHour;
    private int endHour = Organization.DefaultCalendarEndHour;
    private int loadVersion;
    private int shownVersion;

    [Parameter]
    public Guid PatientId { get; set; }

    /// <summary>A day of the week to open on (yyyy-MM-dd, in the organization's time zone); this week when absent or not a date.</summary>
    [SupplyParameterFromQuery(Name = "date")]
    public string? Date { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private AppointmentBook Book { get; set; } = default!;

    [Inject]
    private AccessLog Access { get; set; } = default!;

    [Inject]
    private Caseload Caseload { get; set; } = default!;

    /// <summary>The client whose view is recorded, carried from the prerender to the interactive render: one visit, one access event.</summary>
    [PersistentState]
    public Guid? RecordedView { get; set; }

    [Inject]
    private PractitionerDirectory Practitioners { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        actor = user.ToActor();
        OrganizationId = actor.OrganizationId;
        seesEveryone = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Scheduler);
        bookable = await Practitioners.BookableAsync(actor.OrganizationId, actor.UserId, seesEveryone);
        bookWith = bookable.FirstOrDefault()?.Id;
        var summary = await Organizations.GetSummaryAsync(actor.OrganizationId);
        (firstHour, endHour) = (summary.CalendarStartHour, summary.CalendarEndHour);
        zone = TimeZoneInfo.FindSystemTimeZoneById(summary.TimeZoneId);
        today = Time.Today(summary.TimeZoneId);
        shown = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
            && asked >= ServiceDateRange.First && asked.AddDays(7) <= ServiceDateRange.Last ? asked : today;
        await LoadAsync();
    }

    protected override bool Concerns(AuthorizationBalance balance) => balance.PatientId == PatientId;

    protected override Task ReloadAsync() => LoadAsync();

    /// <summary>Reads the week; a read older than the one shown is dropped, and an unknown (or another organization's) client is "not found".</summary>
    private async Task LoadAsync()
    {
        var version = ++loadVersion;
        try
        {
            await Caseload.EnsureVisibleAsync(actor, PatientId);
            var read = await Book.PatientWeekAsync(actor.OrganizationId, PatientId, shown);
            if (version > shownVersion)
            {
                (week, notFound, shownVersion) = (read, false, version);
                if (RecordedView != PatientId)
                {
                    RecordedView = PatientId;
                    await Access.RecordAsync(actor, "patient.view", "patient", PatientId.ToString(), new { view = "schedule" });
                }
            }
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.NotFound && version > shownVersion)
        {
            (notFound, shownVersion) = (true, version);
        }
    }

    private async Task MoveAsync(int days)
    {
        shown = shown.AddDays(days);
        await LoadAsync();
    }

    private async Task TodayAsync()
    {
        shown = today;
        await LoadAsync();
    }

    private async Task BookAsync(DateTimeOffset start)
    {
        if (bookable.FirstOrDefault(p => p.Id == bookWith) is { } practitioner && await Dialogs.BookAsync(actor, practitioner, start, zone!, (firstHour, endHour), PatientId))
        {
            await LoadAsync();
        }
    }

    private async Task FindSlotAsync()
    {
        if (await Dialogs.FindSlotAsync(actor, bookable, PatientId, Time.GetUtcNow(), zone!, (firstHour, endHour)))
        {
            await LoadAsync();
        }
    }

    private Task OpenAsync(CalendarEntry entry) => OpenAsync(entry, null);

    /// <summary>A drop opens the session on its move to that day and time, checked, with its practitioner; nothing saves until Move.</summary>
    private Task DroppedAsync(CalendarDrop drop) => OpenAsync(drop.Entry, drop);

    private async Task OpenAsync(CalendarEntry entry, CalendarDrop? drop)
    {
        if (await Dialogs.OpenSessionAsync(actor, entry, zone!, seesEveryone ? bookable : [], drop))
        {
            await LoadAsync();
        }
    }
}
