using Microsoft.AspNetCore.Components;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// A session's details, with the authorization it counts on and the ones that authorization renewed or was renewed by,
/// and what can be done to it: complete, reschedule, move to another authorization of the client and code, cancel, no-show.
/// </summary>
public sealed partial class SessionDialog
{
    private TimeSpan? actualStart;
    private TimeSpan? actualEnd;
    private DateTime? newDate;
    private TimeSpan? newStart;
    private int newMinutes;
    private string newPlace = PlaceOfService.Office;
    private Guid newPractitioner;
    private ReschedulePreview? move;
    private bool moveAcknowledged;
    private bool previewingMove;
    private bool extendAcknowledged;
    private int moveVersion;
    private int tab;
    private CalendarEntry? shownFor;
    private CalendarDrop? proposedFor;
    private string? reason;
    private string? refusal;
    private IReadOnlyList<AuthorizationBalance> patientAuthorizations = [];
    private Guid? moveTo;
    private DateTime? extendUntil;
    private SeriesPreview? extension;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AppointmentScheduler Scheduler { get; set; } = default!;

    [Inject]
    private AuthorizationDirectory Authorizations { get; set; } = default!;

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

    /// <summary>Who the session may move to; without any (a practitioner's own calendar) it stays with its practitioner.</summary>
    [Parameter]
    public IReadOnlyList<PractitionerListItem> Practitioners { get; set; } = [];

    /// <summary>Where a drag dropped it: the dialog opens on the move there, with its check, before anything is saved.</summary>
    [Parameter]
    public CalendarDrop? Proposed { get; set; }

    /// <summary>The dialog's fields from the session (or where it was dropped); a drop is checked at once.</summary>
    protected override async Task OnParametersSetAsync()
    {
        // The dialog's host re-renders it with the same session: keep what the user has set since.
        if (ReferenceEquals(shownFor, Entry) && ReferenceEquals(proposedFor, Proposed))
        {
            return;
        }

        (shownFor, proposedFor) = (Entry, Proposed);
        var (start, end) = (Local(Entry.Appointment.Start), Local(Entry.Appointment.End));
        (actualStart, actualEnd) = (start.TimeOfDay, end.TimeOfDay);
        var moveTo = Proposed is { } drop ? Local(drop.Start) : start;
        (newDate, newStart, newMinutes, newPlace) = (moveTo.Date, moveTo.TimeOfDay, (int)(end - start).TotalMinutes, Entry.Appointment.PlaceOfService);
        newPractitioner = Proposed?.Column.Practitioner?.Id ?? Entry.Appointment.PractitionerId;
        if (Proposed is not null && Entry.Appointment.Status == AppointmentStatus.Scheduled)
        {
            tab = 1;
            await PreviewMoveAsync();
        }
    }

    private AuthorizationBalance? Current => patientAuthorizations.FirstOrDefault(a => a.Id == Entry.Appointment.AuthorizationId);

    private AuthorizationBalance? Predecessor => patientAuthorizations.FirstOrDefault(a => a.Id == Current?.PredecessorId);

    private AuthorizationBalance? Successor => patientAuthorizations.FirstOrDefault(a => a.Id == Current?.SuccessorId);

    /// <summary>The authorizations of the client and code the session could move to: approved, or requested from the payer.</summary>
    private IEnumerable<AuthorizationBalance> MoveTargets => patientAuthorizations.Where(a =>
        a.Id != Entry.Appointment.AuthorizationId && a.ServiceCode == Entry.ServiceCode && a.Status is AuthorizationStatus.Active or AuthorizationStatus.Requested);

    /// <summary>The client's authorizations, for the links and the move; without the database the dialog still completes, reschedules and cancels.</summary>
    protected override async Task OnInitializedAsync()
    {
        try
        {
            patientAuthorizations = await Authorizations.ListAsync(Actor.OrganizationId, Entry.Appointment.PatientId);
            moveTo = Successor?.Id ?? MoveTargets.FirstOrDefault()?.Id;
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            refusal = message;
        }
    }

    private RescheduleRequest? MoveRequest()
    {
        if (newDate is not { } day || newStart is not { } start)
        {
            return null;
        }

        var from = Instant(day, start);
        return new RescheduleRequest(
            from, from.AddMinutes(newMinutes), newPractitioner == Entry.Appointment.PractitionerId ? null : newPractitioner, newPlace, AcknowledgeWarnings: moveAcknowledged);
    }

    /// <summary>The rule check and the unit difference of the move as it is set, before it saves; an older answer never replaces a newer one.</summary>
    private async Task PreviewMoveAsync()
    {
        var version = ++moveVersion;
        // Until the new answer is in, nothing of the old one (its acknowledgment least of all) stands for the move as it is set now.
        (move, moveAcknowledged, previewingMove) = (null, false, false);
        if (MoveRequest() is not { } request)
        {
            return;
        }

        (refusal, previewingMove) = (null, true);
        try
        {
            var preview = await Scheduler.PreviewRescheduleAsync(Actor, Entry.Appointment.Id, request);
            if (version == moveVersion)
            {
                move = preview;
            }
        }
        catch (DomainException e)
        {
            if (version == moveVersion)
            {
                (move, refusal) = (null, e.Message);
            }
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            if (version == moveVersion)
            {
                (move, refusal) = (null, message);
            }
        }
        finally
        {
            if (version == moveVersion)
            {
                previewingMove = false;
            }
        }
    }

    private static string Describe(AuthorizationBalance a) =>
        $"{a.AuthNumber} ({a.StartDate:yyyy-MM-dd} to {a.EndDate:yyyy-MM-dd}, {a.AvailableUnits} of {a.TotalUnits} units available{(a.Status == AuthorizationStatus.Active ? string.Empty : $", {a.Status.ToString().ToLowerInvariant()}")})";

    /// <summary>What extending the series to the chosen day would book; a refusal of the request itself shows as the dialog's refusal.</summary>
    private async Task PreviewExtensionAsync()
    {
        (extension, extendAcknowledged) = (null, false);
        if (Entry.Appointment.SeriesId is not { } seriesId || extendUntil is not { } until)
        {
            return;
        }

        refusal = null;
        try
        {
            extension = await Scheduler.PreviewExtensionAsync(Actor, seriesId, DateOnly.FromDateTime(until));
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

    private async Task ExtendAsync()
    {
        if (Entry.Appointment.SeriesId is not { } seriesId || extendUntil is not { } until)
        {
            return;
        }

        refusal = await Save.RunAsync(async key =>
        {
            var booked = await Scheduler.ExtendSeriesAsync(Actor, seriesId, DateOnly.FromDateTime(until), extendAcknowledged, key);
            Snackbar.Add($"Series extended by {booked.Count} sessions.", Severity.Success);
            Dialog.Close(DialogResult.Ok(booked));
        });
    }

    private string DescribeTarget(Guid? id) => MoveTargets.FirstOrDefault(t => t.Id == id) is { } target ? Describe(target) : string.Empty;

    /// <summary>To another authorization at the same time, practitioner and place: availability does not warn of a time it keeps.</summary>
    private Task MoveAsync() =>
        moveTo is { } target
            ? RunAsync("Session moved.", key => Scheduler.RescheduleAsync(
                Actor,
                Entry.Appointment.Id,
                new RescheduleRequest(Entry.Appointment.Start, Entry.Appointment.End, PlaceOfService: Entry.Appointment.PlaceOfService, AuthorizationId: target),
                key))
            : Task.CompletedTask;

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

    private Task RescheduleAsync() =>
        MoveRequest() is { } request
            ? RunAsync("Session moved.", key => Scheduler.RescheduleAsync(Actor, Entry.Appointment.Id, request, key))
            : Task.CompletedTask;

    /// <summary>"Can move: 4 units stay 4 (no change) · 116 of its units available now, 116 after." or the refusals.</summary>
    private string DescribeMove(ReschedulePreview preview)
    {
        var proposed = preview.Proposed;
        if (!proposed.CanBook)
        {
            return $"Cannot move it there: {string.Join(" ", proposed.Conflicts.Select(c => c.Message))}";
        }

        var change = preview.UnitChange switch
        {
            0 => "no change",
            > 0 and var more => $"{more} more",
            var fewer => $"{-fewer} fewer",
        };
        var who = Practitioners.FirstOrDefault(p => p.Id == proposed.PractitionerId)?.Name;
        return $"Can move{(who is null ? string.Empty : $" to {who}")}, {Local(proposed.Start):ddd d MMM HH:mm}–{Local(proposed.End):HH:mm}: " +
            $"{preview.Session.Units} units become {proposed.Units} ({change}); {preview.AvailableNow} units available now, {proposed.AvailableAfter} after.";
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

    /// <summary>The session is documented: the dialog closes with it so the calendar shows its new state.</summary>
    private void StatusChanged(SessionNoteView note) =>
        Dialog.Close(DialogResult.Ok(Entry.Appointment with { Status = note.SessionStatus }));

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
