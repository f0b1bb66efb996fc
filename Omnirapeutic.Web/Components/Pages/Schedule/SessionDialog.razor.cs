using Microsoft.AspNetCore.Components;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>A session's details with what can be done to it: complete, reschedule, cancel, no-show.</summary>
public sealed partial class SessionDialog
{
    private TimeSpan? actualStart;
    private TimeSpan? actualEnd;
    private DateTime? newDate;
    private TimeSpan? newStart;
    private int newMinutes;
    private string? reason;
    private string? refusal;
    private bool busy;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AppointmentScheduler Scheduler { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

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
        (newDate, newStart, newMinutes) = (start.Date, start.TimeOfDay, (int)(end - start).TotalMinutes);
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
            ? RunAsync("Session completed.", () => Scheduler.CompleteAsync(Actor, Entry.Appointment.Id, Instant(day, start), Instant(day, end)))
            : Task.CompletedTask;
    }

    private Task RescheduleAsync()
    {
        if (newDate is not { } day || newStart is not { } start)
        {
            return Task.CompletedTask;
        }

        var from = Instant(day, start);
        return RunAsync("Session rescheduled.", () => Scheduler.RescheduleAsync(Actor, Entry.Appointment.Id, new RescheduleRequest(from, from.AddMinutes(newMinutes))));
    }

    private async Task CancelSessionAsync()
    {
        if (await ConfirmAsync("Cancel this session? Its units go back to the authorization."))
        {
            await RunAsync("Session cancelled.", () => Scheduler.CancelAsync(Actor, Entry.Appointment.Id, reason ?? string.Empty));
        }
    }

    private async Task NoShowAsync()
    {
        if (await ConfirmAsync("Mark this session as a no-show? Its units go back to the authorization."))
        {
            await RunAsync("Session marked as a no-show.", () => Scheduler.MarkNoShowAsync(Actor, Entry.Appointment.Id));
        }
    }

    private async Task<bool> ConfirmAsync(string question) =>
        await Dialogs.ShowMessageBoxAsync("Please confirm", question, yesText: "Yes", cancelText: "No") == true;

    private async Task RunAsync(string done, Func<Task<AppointmentView>> change)
    {
        busy = true;
        refusal = null;
        try
        {
            var changed = await change();
            Snackbar.Add(done, Severity.Success);
            Dialog.Close(DialogResult.Ok(changed));
        }
        catch (DomainException e)
        {
            refusal = e.Message;
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }
}
