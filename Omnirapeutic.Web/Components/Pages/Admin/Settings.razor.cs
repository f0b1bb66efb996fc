using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Admin;

public partial class Settings
{
    private static readonly (UnitRoundingRule Rule, string Explanation)[] RoundingRules =
    [
        (UnitRoundingRule.Midpoint, "AMA CPT, the default: a unit once 8 minutes of it have passed (8-22 minutes bill 1 unit, 23-37 bill 2)."),
        (UnitRoundingRule.Cms8Minute, "CMS 8-minute rule: the session's minutes in 15-minute units, with 8 or more left over counting as one more."),
        (UnitRoundingRule.Full15, "Only whole 15-minute blocks bill: 29 minutes bill 1 unit."),
    ];

    private MudForm form = null!;
    private Actor actor = null!;
    private bool loaded;
    private string? error;
    private string? timeZoneId;
    private UnitRoundingRule roundingRule;
    private int lowBalanceThresholdPercent;
    private int expiryAlertDays;
    private bool allowSchedulingOnRequested;
    private int requestedFollowUpDays;
    private int calendarStartHour;
    private int calendarEndHour;
    private DayOfWeek calendarWeekStartsOn = DayOfWeek.Monday;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private OrganizationAdministration Administration { get; set; } = default!;

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
        Show(await Organizations.GetSettingsAsync(actor.OrganizationId));
        loaded = true;
    }

    private static Task<IEnumerable<string>> SearchTimeZonesAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(IanaTimeZones.Search(text));

    private static string? ValidateTimeZone(string? value) =>
        value is null || IanaTimeZones.All.Contains(value) ? null : "Choose an IANA time zone from the list.";

    private static string? ValidatePercent(int value) => value is >= 0 and <= 100 ? null : "Enter a percentage from 0 to 100.";

    private static string? ValidateDays(int value) => value is >= 0 and <= 365 ? null : "Enter a number of days from 0 to 365.";

    private static string? ValidateFollowUpDays(int value) =>
        value is >= 1 and <= Organization.MaxRequestedFollowUpDays ? null : $"Enter a number of days from 1 to {Organization.MaxRequestedFollowUpDays}.";

    private string? ValidateStartHour(int value) => value is >= 0 and <= 23 ? null : "Enter an hour from 0 to 23.";

    private string? ValidateEndHour(int value) =>
        value > calendarStartHour && value <= 24 ? null : $"Enter an hour after {calendarStartHour}, at most 24.";

    private void Show(OrganizationSettings settings) =>
        (timeZoneId, roundingRule, lowBalanceThresholdPercent, expiryAlertDays, allowSchedulingOnRequested, requestedFollowUpDays, calendarStartHour, calendarEndHour, calendarWeekStartsOn) =
            (settings.TimeZoneId, settings.RoundingRule, settings.LowBalanceThresholdPercent, settings.ExpiryAlertDays, settings.AllowSchedulingOnRequested,
                settings.RequestedFollowUpDays, settings.CalendarStartHour, settings.CalendarEndHour, settings.CalendarWeekStartsOn);

    private async Task SaveAsync()
    {
        await form.ValidateAsync();
        if (!form.IsValid)
        {
            return;
        }

        var settings = new OrganizationSettings(
            timeZoneId ?? string.Empty, roundingRule, lowBalanceThresholdPercent, expiryAlertDays, allowSchedulingOnRequested, requestedFollowUpDays, calendarStartHour, calendarEndHour, calendarWeekStartsOn);
        error = await Save.RunAsync(async _ =>
        {
            Show(await Administration.ChangeSettingsAsync(actor, settings));
            Snackbar.Add("Settings saved.", Severity.Success);
        });
    }
}
