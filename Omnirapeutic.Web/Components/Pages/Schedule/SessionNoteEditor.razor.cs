using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Web.Components.Account;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// The note of a rendered session. The password is checked as at sign-in (wrong ones count towards its lockout) and
/// cleared after every attempt. A change that moves the session on (signing, verifying, sending a verified one back)
/// tells the host, whose calendar then shows its new state.
/// </summary>
public sealed partial class SessionNoteEditor
{
    private SessionNoteView? view;
    private string? hidden;
    private string? goals;
    private string? response;
    private string? nextSteps;
    private string? narrative;
    private string? password;
    private string? caregiverName;
    private string? caregiverRelationship;
    private string? addendum;
    private string? returnReason;
    private string? refusal;
    private ClaimsPrincipal user = new();

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private SessionNotes Notes { get; set; } = default!;

    [Inject]
    private SessionVerification Verification { get; set; } = default!;

    [Inject]
    private Attestation Attestation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid AppointmentId { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>Raised when a change moved the session to another state.</summary>
    [Parameter]
    public EventCallback<SessionNoteView> OnStatusChanged { get; set; }

    protected override async Task OnInitializedAsync()
    {
        user = (await AuthenticationState).User;
        try
        {
            Show(await Notes.GetAsync(user.ToActor(), AppointmentId, user.IsInRole(Roles.Admin)));
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Forbidden)
        {
            hidden = e.Message;
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            hidden = message;
        }
    }

    private Task SaveDraftAsync() => RunAsync("Draft saved.", key => Notes.SaveAsync(user.ToActor(), AppointmentId, Content(), key));

    private Task SignAsync() => RunAsync("Note signed: the session is documented.", async key =>
    {
        await Attestation.RequireAsync(user, password);
        var caregiver = string.IsNullOrWhiteSpace(caregiverName) && string.IsNullOrWhiteSpace(caregiverRelationship)
            ? null
            : new CaregiverSignature(caregiverName, caregiverRelationship);
        return await Notes.SignAsync(user.ToActor(), AppointmentId, Content(), caregiver, key);
    });

    private Task VerifyAsync() =>
        RunAsync("Session verified.", key => Verification.VerifyAsync(user.ToActor(), AppointmentId, user.IsInRole(Roles.Admin), key));

    private Task SendBackAsync() => RunAsync("Sent back to its practitioner.", async key =>
    {
        var sent = await Verification.SendBackAsync(user.ToActor(), AppointmentId, user.IsInRole(Roles.Admin), returnReason ?? string.Empty, key);
        returnReason = null;
        return sent;
    });

    private Task AddAddendumAsync() => RunAsync("Addendum signed.", async key =>
    {
        await Attestation.RequireAsync(user, password);
        var added = await Notes.AddAddendumAsync(user.ToActor(), AppointmentId, addendum ?? string.Empty, key);
        addendum = null;
        return added;
    });

    /// <summary>
    /// One change with the form's idempotency key. After a refusal or an outage the note is read again (it may have
    /// been signed meanwhile, in another tab or by a commit whose answer was lost), keeping what the user typed.
    /// </summary>
    private async Task RunAsync(string done, Func<string, Task<SessionNoteView>> change)
    {
        var before = view?.SessionStatus;
        refusal = await Save.RunAsync(async key =>
        {
            Show(await change(key));
            Snackbar.Add(done, Severity.Success);
        });
        password = null;
        if (refusal is not null)
        {
            await ReadAgainAsync();
        }
        else if (view is not null && view.SessionStatus != before)
        {
            await OnStatusChanged.InvokeAsync(view);
        }
    }

    private async Task ReadAgainAsync()
    {
        try
        {
            var typed = Content();
            Show(await Notes.GetAsync(user.ToActor(), AppointmentId, user.IsInRole(Roles.Admin)));
            if (view!.MayWrite)
            {
                (goals, response, nextSteps, narrative) = (typed.GoalsAddressed, typed.ClientResponse, typed.NextSteps, typed.Narrative);
            }
        }
        catch (Exception failure) when (failure is DomainException || DatabaseOutage.Describe(failure) is not null)
        {
            // The message shown already says what failed; the form stays as it was.
        }
    }

    private NoteContent Content() => new(goals, response, nextSteps, narrative);

    private void Show(SessionNoteView note)
    {
        view = note;
        (goals, response, nextSteps, narrative) = (note.GoalsAddressed, note.ClientResponse, note.NextSteps, note.Narrative);
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
}
