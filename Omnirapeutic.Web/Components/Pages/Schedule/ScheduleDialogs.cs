using MudBlazor;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// The booking and session dialogs as every calendar opens them (a practitioner's week, the clinic board, a client's
/// week); each answers whether something was saved, so the calendar re-reads only then.
/// </summary>
internal static class ScheduleDialogs
{
    /// <summary>Books with <paramref name="practitioner"/> from <paramref name="start"/>, for <paramref name="patientId"/> when the calendar is a client's.</summary>
    public static Task<bool> BookAsync(
        this IDialogService dialogs, Actor actor, PractitionerListItem practitioner, DateTimeOffset start, TimeZoneInfo zone, (int First, int End) hours, Guid? patientId = null) =>
        dialogs.ShowBookingAsync($"Book a session with {practitioner.Name}", actor, practitioner, [], start, zone, hours, patientId, findSlot: false);

    /// <summary>
    /// The booking dialog for a client, looking for their next free slots at once with any of
    /// <paramref name="practitioners"/>, from the quarter hour after <paramref name="now"/>.
    /// </summary>
    public static Task<bool> FindSlotAsync(
        this IDialogService dialogs, Actor actor, IReadOnlyList<PractitionerListItem> practitioners, Guid patientId, DateTimeOffset now, TimeZoneInfo zone, (int First, int End) hours)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var step = TimeSpan.FromMinutes(15).Ticks;
        var quarter = new DateTimeOffset(local.Ticks - (local.Ticks % step), local.Offset).AddMinutes(15);
        return dialogs.ShowBookingAsync("Find a slot", actor, practitioners[0], practitioners, quarter, zone, hours, patientId, findSlot: true);
    }

    private static async Task<bool> ShowBookingAsync(
        this IDialogService dialogs,
        string title,
        Actor actor,
        PractitionerListItem practitioner,
        IReadOnlyList<PractitionerListItem> practitioners,
        DateTimeOffset start,
        TimeZoneInfo zone,
        (int First, int End) hours,
        Guid? patientId,
        bool findSlot)
    {
        var parameters = new DialogParameters<BookingDialog>
        {
            { d => d.Actor, actor },
            { d => d.Practitioner, practitioner },
            { d => d.Practitioners, practitioners },
            { d => d.PatientId, patientId },
            { d => d.FindSlot, findSlot },
            { d => d.Start, start },
            { d => d.TimeZone, zone },
            { d => d.FirstHour, hours.First },
            { d => d.EndHour, hours.End },
        };
        var dialog = await dialogs.ShowAsync<BookingDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>
    /// A session's details and actions; <paramref name="practitioners"/> are those it may move to (none: it stays with
    /// its practitioner), and <paramref name="drop"/> where a drag left it, checked before anything saves.
    /// </summary>
    public static async Task<bool> OpenSessionAsync(
        this IDialogService dialogs, Actor actor, CalendarEntry entry, TimeZoneInfo zone, IReadOnlyList<PractitionerListItem> practitioners, CalendarDrop? drop = null)
    {
        var parameters = new DialogParameters<SessionDialog>
        {
            { d => d.Actor, actor },
            { d => d.Entry, entry },
            { d => d.TimeZone, zone },
            { d => d.Practitioners, practitioners },
            { d => d.Proposed, drop },
        };
        var dialog = await dialogs.ShowAsync<SessionDialog>("Session", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        return await dialog.Result is { Canceled: false };
    }
}
