using Microsoft.AspNetCore.Components;
using MudBlazor;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>A session's details with what can be done to it: complete, reschedule, cancel, no-show.</summary>
public sealed partial class SessionDialog
{
    private TimeSpan? actualStart;
    private TimeSpan? actualEnd;
    private DateTime? newDate;
    private TimeSpan? newStart;
    private int newMinutes;
    private string newPlace = PlaceOfService.Office;
    private string? reason;
    private string? refusal;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AppointmentScheduler Scheduler { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    [Parameter, EditorRequired]
    public CalendarEntry Entry { get; set; } = default!;

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    protected override void OnParametersSet()
    {
        var (start, end) = (Local(Entry.Appointment.Start), Local(Entry.Appointment.End));
        (actualStart, actualEnd) = (start.TimeOfDay, end.TimeOfDay);
        (newDate, newStart, newMinutes, newPlace) = (start.Date, start.TimeOfDay, (int)(end - start).TotalMinutes, Entry.Appointment.PlaceOfService);
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    private DateTimeOffset Instant(DateTime day, TimeSpan time)
    {
        var local = day.Date + time;
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }

    private Task CompleteAsync()
    {
        var day = Local(Entry.Appointment.Start).Date;
        return actualStart is { } start && actualEnd is { } end
            ? RunAsync("Session completed.", key => Scheduler.CompleteAsync(Actor, Entry.Appointment.Id, Instant(day, start), Instant(day, end), key))
            : Task.CompletedTask;
    }

    private Task RescheduleAsync()
    {
        if (newDate is not { } day || newStart is not { } start)
        {
            return Task.CompletedTask;
        }

        var from = Instant(day, start);
        return RunAsync("Session rescheduled.", key => Scheduler.RescheduleAsync(Actor, Entry.Appointment.Id, new RescheduleRequest(from, from.AddMinutes(newMinutes), PlaceOfService: newPlace), key));
    }

    private async Task CancelSessionAsync()
    {
        if (await ConfirmAsync("Cancel this session? Its units go back to the authorization."))
        {
            await RunAsync("Session cancelled.", key => Scheduler.CancelAsync(Actor, Entry.Appointment.Id, reason ?? string.Empty, key));
        }
    }

    private async Task NoShowAsync()
    {
        if (await ConfirmAsync("Mark this session as a no-show? Its units go back to the authorization."))
        {
            await RunAsync("Session marked as a no-show.", key => Scheduler.MarkNoShowAsync(Actor, Entry.Appointment.Id, key));
        }
    }

    private async Task<bool> ConfirmAsync(string question) =>
        await Dialogs.ShowMessageBoxAsync("Please confirm", question, yesText: "Yes", cancelText: "No") == true;

    /// <summary>Every action of this dialog shares one key until it gets an answer, so a retry never acts twice.</summary>
    private async Task RunAsync(string done, Func<string, Task<AppointmentView>> change)
    {
        refusal = null;
        refusal = await Save.RunAsync(async key =>
        {
            var changed = await change(key);
            Snackbar.Add(done, Severity.Success);
            Dialog.Close(DialogResult.Ok(changed));
        });
    }
}
