using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Availability;

/// <summary>
/// A practitioner's weekly working hours and their time off, edited by admins and schedulers; every calendar shades
/// the time outside them, and a booking there warns. <c>?practitioner=id</c> opens one.
/// </summary>
public sealed partial class AvailabilityPage
{
    private IReadOnlyList<PractitionerListItem>? practitioners;
    private PractitionerAvailability? availability;
    private Guid practitionerId;
    private TimeZoneInfo zone = TimeZoneInfo.Utc;
    private Actor actor = default!;
    private DateTime? offFrom;
    private DateTime? offTo;
    private string? offFromTime = "00:00";
    private string? offToTime = "24:00";
    private string? offReason;
    private string? refusal;

    [SupplyParameterFromQuery(Name = "practitioner")]
    public Guid? Practitioner { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private PractitionerDirectory Practitioners { get; set; } = default!;

    [Inject]
    private AvailabilityDirectory Directory { get; set; } = default!;

    [Inject]
    private OrganizationDirectory Organizations { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        actor = (await AuthenticationState).User.ToActor();
        zone = TimeZoneInfo.FindSystemTimeZoneById((await Organizations.GetSummaryAsync(actor.OrganizationId)).TimeZoneId);
        practitioners = await Practitioners.ListAsync(actor.OrganizationId);
        if (practitioners.Count > 0)
        {
            practitionerId = practitioners.FirstOrDefault(p => p.Id == Practitioner)?.Id ?? practitioners[0].Id;
            await LoadAsync();
        }
    }

    /// <summary>Another practitioner, kept in the address so the page can be linked and reloaded.</summary>
    private async Task ShowAsync(Guid id)
    {
        (practitionerId, availability, refusal) = (id, null, null);
        Navigation.NavigateTo($"schedule/availability?practitioner={id}", replace: true);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var id = practitionerId;
        var read = await Directory.PractitionerAsync(actor.OrganizationId, id);
        if (id == practitionerId)
        {
            availability = read;
        }
    }

    private async Task SaveHoursAsync(IReadOnlyList<WeeklyWindow> windows)
    {
        await Directory.SetWorkingHoursAsync(actor, practitionerId, windows);
        await LoadAsync();
    }

    private Task AddTimeOffAsync() =>
        offFrom is { } fromDay && offTo is { } toDay
            ? ChangeAsync("Time off added.", async () =>
            {
                await Directory.AddTimeOffAsync(actor, practitionerId, Instant(fromDay, offFromTime), Instant(toDay, offToTime), offReason);
                (offFrom, offTo, offReason) = (null, null, null);
            })
            : Task.CompletedTask;

    private Task RemoveAsync(TimeOffView off) =>
        ChangeAsync("Time off removed.", () => Directory.RemoveTimeOffAsync(actor, practitionerId, off.Id));

    /// <summary>A change of time off, then the list read again; a refusal or an outage is shown and nothing else happens.</summary>
    private async Task ChangeAsync(string done, Func<Task> change)
    {
        refusal = null;
        try
        {
            await change();
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
        }
        catch (DomainException e)
        {
            refusal = e.Message;
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            refusal = message;
        }
    }

    /// <summary>A local day and "HH:mm" (24:00: the next midnight) as an instant, or a clear refusal.</summary>
    private DateTimeOffset Instant(DateTime day, string? clock)
    {
        var minute = WeeklyWindow.Minute(string.IsNullOrWhiteSpace(clock) ? "24:00" : clock.Trim());
        return LocalClock.ToInstant(zone, DateOnly.FromDateTime(day), minute);
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
}
