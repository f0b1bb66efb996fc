using System.Globalization;
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

/// <summary>
/// The front desk's board: every practitioner's day side by side (a column each) or week (a row each), filtered by
/// credential and by place; book into an empty slot, open or drag a session to move it. Redraws live with every change
/// in the organization; a column or row whose sessions did not change is not redrawn.
/// </summary>
public sealed partial class ClinicBoardPage
{
    private Actor actor = default!;
    private ClinicBoard? board;
    private TimeZoneInfo? zone;
    private BoardView view = BoardView.Day;
    private IReadOnlyCollection<Credential> credentials = [];
    private string? place;
    private HashSet<Guid> team = [];
    private DateOnly today;
    private DateOnly shown;
    private bool dated;
    private int firstHour = Organization.DefaultCalendarStartHour;
    private int endHour = Organization.DefaultCalendarEndHour;
    private DayOfWeek weekStartsOn = DayOfWeek.Monday;
    private int loadVersion;
    private int shownVersion;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private AppointmentBook Book { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    /// <summary>The day to open on (yyyy-MM-dd, in the organization's time zone); today when absent or not a date.</summary>
    [SupplyParameterFromQuery(Name = "date")]
    public string? Date { get; set; }

    /// <summary>A team's board as a link: only these practitioners (ids separated by commas); everyone when absent.</summary>
    [SupplyParameterFromQuery(Name = "practitioners")]
    public string? Team { get; set; }

    /// <summary>"week" opens the week view; the day view otherwise.</summary>
    [SupplyParameterFromQuery(Name = "view")]
    public string? View { get; set; }

    /// <summary>The practitioners the filters (and the link's team) keep, by name.</summary>
    private IReadOnlyList<PractitionerListItem> Shown =>
        board is null ? [] : [.. board.Practitioners.Where(p => (credentials.Count == 0 || credentials.Contains(p.Credential)) && (team.Count == 0 || team.Contains(p.Id)))];

    private int ScheduledCount =>
        board?.Entries.Count(e => e.Appointment.Status == AppointmentStatus.Scheduled && Shown.Any(p => p.Id == e.Appointment.PractitionerId)) ?? 0;

    private string Title => board is null
        ? string.Empty
        : view == BoardView.Day ? board.First.ToString("dddd d MMMM yyyy") : $"Week of {board.First:d MMMM yyyy}";

    protected override async Task OnInitializedAsync()
    {
        actor = (await AuthenticationState).User.ToActor();
        OrganizationId = actor.OrganizationId;
        var summary = await Organizations.GetSummaryAsync(actor.OrganizationId);
        (firstHour, endHour, weekStartsOn) = (summary.CalendarStartHour, summary.CalendarEndHour, summary.CalendarWeekStartsOn);
        zone = TimeZoneInfo.FindSystemTimeZoneById(summary.TimeZoneId);
        today = Time.Today(summary.TimeZoneId);
        shown = DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked) && asked >= ServiceDateRange.First && asked.AddDays(7) <= ServiceDateRange.Last ? asked : today;
        view = string.Equals(View, "week", StringComparison.OrdinalIgnoreCase) ? BoardView.Week : BoardView.Day;
        team = [.. (Team ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(id => Guid.TryParse(id, out var practitioner) ? practitioner : Guid.Empty).Where(id => id != Guid.Empty)];
        dated = true;
        await LoadAsync();
    }

    /// <summary>
    /// A live update (like the redraw after one's own booking or move) redraws the sessions but keeps the columns: a
    /// practitioner added meanwhile appears on the next navigation, so columns never shift under a dragging pointer.
    /// </summary>
    protected override Task ReloadAsync() => LoadAsync(keepColumns: true);

    /// <summary>Reads the board; when reads overlap (live updates during a navigation), one older than the board shown is dropped.</summary>
    private async Task LoadAsync(bool keepColumns = false)
    {
        var version = ++loadVersion;
        var (first, days) = view == BoardView.Day ? (shown, 1) : (Organization.FirstDayOfWeek(shown, weekStartsOn), 7);
        var read = await Book.BoardAsync(actor.OrganizationId, first, days);
        if (version > shownVersion)
        {
            (board, shownVersion) = (keepColumns && board is { } before ? read with { Practitioners = before.Practitioners } : read, version);
        }
    }

    /// <summary>A column per practitioner the filters keep, each with that day's sessions and the supervision that takes their time.</summary>
    private List<CalendarColumn> DayColumns() =>
        [.. Shown.Select(p => new CalendarColumn(
            $"{p.Name} ({p.Credential})",
            board!.First,
            [.. board.Entries.Where(e => e.Appointment.PractitionerId == p.Id)],
            p,
            board.First == today,
            CalendarColumn.OpenOn(board.Availability.Practitioner(p.Id), board.First, zone!),
            [.. board.Supervision.Where(m => m.Takes(p.Id))]))];

    private async Task ShowAsync(BoardView next)
    {
        // The other view's read replaces this one; until it arrives the page says it is loading rather than draw one as the other.
        (view, board) = (next, null);
        await LoadAsync();
    }

    private void FilterCredentials(IEnumerable<Credential>? chosen) => credentials = [.. chosen ?? []];

    private async Task MoveAsync(int steps)
    {
        shown = shown.AddDays(steps * (view == BoardView.Day ? 1 : 7));
        await LoadAsync();
    }

    private async Task TodayAsync()
    {
        shown = today;
        await LoadAsync();
    }

    private async Task BookAsync(PractitionerListItem practitioner, DateTimeOffset start)
    {
        if (await Dialogs.BookAsync(actor, practitioner, start, zone!, (firstHour, endHour)))
        {
            await LoadAsync(keepColumns: true);
        }
    }

    private Task OpenAsync(CalendarEntry entry) => OpenAsync(entry, null);

    /// <summary>A drop opens the session on its move there, checked; nothing is saved until Move is pressed, so a refusal leaves it where it was.</summary>
    private Task DroppedAsync(CalendarDrop drop) => OpenAsync(drop.Entry, drop);

    private async Task OpenAsync(CalendarEntry entry, CalendarDrop? drop)
    {
        if (await Dialogs.OpenSessionAsync(actor, entry, zone!, board?.Practitioners ?? [], drop))
        {
            await LoadAsync(keepColumns: true);
        }
    }

    private enum BoardView
    {
        Day,
        Week,
    }
}
