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
/// The note of a completed or documented session. The password is checked as at sign-in (wrong ones count towards its
/// lockout) and cleared after every attempt; signing tells the host, whose calendar then shows the session documented.
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
    private string? addendum;
    private string? refusal;
    private ClaimsPrincipal user = new();

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private SessionNotes Notes { get; set; } = default!;

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

    /// <summary>Raised once the note is signed: the session is documented.</summary>
    [Parameter]
    public EventCallback<SessionNoteView> OnSigned { get; set; }

    protected override async Task OnInitializedAsync()
    {
        user = (await AuthenticationState).User;
        try
        {
            Show(await Notes.GetAsync(user.ToActor(), AppointmentId, user.IsInRole(Roles.Admin)));
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Forbidden)
        {
            hidden = "The note is read by the practitioner who rendered the session and by admins.";
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            hidden = message;
        }
    }

    private Task SaveDraftAsync() => RunAsync("Draft saved.", () => Notes.SaveAsync(user.ToActor(), AppointmentId, Content()));

    private Task SignAsync() => RunAsync("Note signed: the session is documented.", async () =>
    {
        await Attestation.RequireAsync(user, password);
        var signed = await Notes.SignAsync(user.ToActor(), AppointmentId, Content());
        await OnSigned.InvokeAsync(signed);
        return signed;
    });

    private Task AddAddendumAsync() => RunAsync("Addendum signed.", async () =>
    {
        await Attestation.RequireAsync(user, password);
        var added = await Notes.AddAddendumAsync(user.ToActor(), AppointmentId, addendum ?? string.Empty);
        addendum = null;
        return added;
    });

    private async Task RunAsync(string done, Func<Task<SessionNoteView>> change)
    {
        refusal = await Save.RunAsync(async _ =>
        {
            Show(await change());
            Snackbar.Add(done, Severity.Success);
        });
        password = null;
    }

    private NoteContent Content() => new(goals, response, nextSteps, narrative);

    private void Show(SessionNoteView note)
    {
        view = note;
        (goals, response, nextSteps, narrative) = (note.GoalsAddressed, note.ClientResponse, note.NextSteps, note.Narrative);
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
}
