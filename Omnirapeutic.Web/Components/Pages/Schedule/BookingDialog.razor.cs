using Microsoft.AspNetCore.Components;
using MudBlazor;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Web.Components.Pages.Schedule;

/// <summary>
/// Books one session or a weekly series for a practitioner: the patient first, then only that patient's active
/// and requested authorizations this practitioner's credential may deliver (a requested one books only where the
/// organization allows it, and says so), at the patient's usual place of service unless another
/// is chosen, with a live preview of units, balance, modifiers, conflicts and warnings (outside someone's
/// availability: booked only once acknowledged). "Find a slot" offers the next free times (with this practitioner,
/// or with any when the dialog offers several); choosing one fills the form.
/// </summary>
public sealed partial class BookingDialog
{
    private static readonly DayOfWeek[] WeekDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly int[] Durations = [.. Enumerable.Range(1, 16).Select(i => i * 15)];

    /// <summary>How far ahead "Find a slot" looks, from the chosen day (or now).</summary>
    private const int FindDays = 14;

    private PractitionerListItem practitioner = default!;
    private IReadOnlyList<PatientListItem>? patients;
    private IReadOnlyList<AuthorizationBalance> authorizations = [];
    private Guid? patientId;
    private Guid? authorizationId;
    private string place = PlaceOfService.Office;
    private DateTime? date;
    private TimeOnly startTime;
    private int minutes = 60;
    private bool repeat;
    private IReadOnlyCollection<DayOfWeek> days = [];
    private int count = 4;
    private BookingPreview? single;
    private SeriesPreview? series;
    private string? refusal;
    private int previewVersion;
    private bool previewing;
    private bool acknowledged;
    private IReadOnlyList<SlotSuggestion>? suggestions;
    private bool finding;
    private int findVersion;
    private bool anyPractitioner;

    /// <summary>While the chosen patient's authorizations load, their select stays disabled and the form says it is busy.</summary>
    private bool loadingAuthorizations;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private PatientDirectory Patients { get; set; } = default!;

    [Inject]
    private AuthorizationDirectory Authorizations { get; set; } = default!;

    [Inject]
    private AppointmentScheduler Scheduler { get; set; } = default!;

    [Inject]
    private SlotFinder Slots { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private Submission Save { get; set; } = default!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = default!;

    /// <summary>Who the session is with, unless another of <see cref="Practitioners"/> is chosen.</summary>
    [Parameter, EditorRequired]
    public PractitionerListItem Practitioner { get; set; } = default!;

    /// <summary>The practitioners the dialog may book with (a client's page: all of them); none offers only <see cref="Practitioner"/>.</summary>
    [Parameter]
    public IReadOnlyList<PractitionerListItem> Practitioners { get; set; } = [];

    /// <summary>Looks for free slots as soon as the client's authorization is known.</summary>
    [Parameter]
    public bool FindSlot { get; set; }

    /// <summary>The client to book for, chosen already (from a client's schedule).</summary>
    [Parameter]
    public Guid? PatientId { get; set; }

    /// <summary>The organization's calendar hours: the start times offered.</summary>
    [Parameter]
    public int FirstHour { get; set; } = Organization.DefaultCalendarStartHour;

    [Parameter]
    public int EndHour { get; set; } = Organization.DefaultCalendarEndHour;

    /// <summary>The slot clicked: its local date and time fill the form.</summary>
    [Parameter, EditorRequired]
    public DateTimeOffset Start { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Booking waits for the preview of what the form says now, so a click never books a stale form, and for the
    /// acknowledgment of its warnings.
    /// </summary>
    private bool CanBook => !previewing
        && (repeat ? series is { CanBook: true, Occurrences.Count: > 0 } : single is { CanBook: true })
        && (Warnings.Count == 0 || acknowledged);

    /// <summary>The preview's warnings: the session's, or the first occurrence's of the series that has any.</summary>
    private IReadOnlyList<SchedulingConflict> Warnings =>
        (repeat ? series?.Occurrences.FirstOrDefault(o => o.Warnings.Count > 0)?.Warnings : single?.Warnings) ?? [];

    protected override async Task OnInitializedAsync()
    {
        practitioner = Practitioner;
        anyPractitioner = Practitioners.Count > 1;
        var local = TimeZoneInfo.ConvertTime(Start, TimeZone);
        date = local.Date;
        startTime = TimeOnly.FromDateTime(local.DateTime);
        days = [local.DayOfWeek];
        try
        {
            patients = await Patients.ListForAsync(Actor);
        }
        catch (Exception failure) when (DatabaseOutage.Describe(failure) is { } message)
        {
            (patients, refusal) = ([], message);
            return;
        }

        if (PatientId is { } chosen)
        {
            await PatientChangedAsync(chosen);
            if (FindSlot && authorizationId is not null)
            {
                await FindAsync();
            }
        }
    }

    private async Task PractitionerChangedAsync(Guid id)
    {
        (practitioner, suggestions) = (Practitioners.Single(p => p.Id == id), null);
        await PreviewAsync();
    }

    private async Task PatientChangedAsync(Guid? value)
    {
        patientId = value;
        (authorizationId, suggestions) = (null, null);
        ++findVersion;
        place = patients?.FirstOrDefault(p => p.Id == value)?.UsualPlaceOfService ?? PlaceOfService.Office;
        authorizations = [];
        loadingAuthorizations = value is not null;
        List<AuthorizationBalance> offered;
        try
        {
            offered = value is { } id
                ? [.. (await Authorizations.ListAsync(Actor.OrganizationId, id))
                    .Where(a => a.Status is AuthorizationStatus.Active or AuthorizationStatus.Requested
                        && Offered.Any(p => ServiceCode.Catalog.Single(c => c.Code == a.ServiceCode).CanBeDeliveredBy(p.Credential)))]
                : [];
        }
        catch (Exception failure) when (patientId == value && DatabaseOutage.Describe(failure) is { } message)
        {
            (refusal, loadingAuthorizations) = (message, false);
            return;
        }

        if (patientId != value)
        {
            return;
        }

        (authorizations, loadingAuthorizations) = (offered, false);
        if (authorizations.Count == 1)
        {
            authorizationId = authorizations[0].Id;
        }

        await PreviewAsync();
    }

    /// <summary>Who the dialog may book with: the practitioners offered, or the one it opened for.</summary>
    private IReadOnlyList<PractitionerListItem> Offered => Practitioners.Count > 0 ? Practitioners : [Practitioner];

    /// <summary>Opened to find a slot, choosing the authorization finds them.</summary>
    private async Task AuthorizationChangedAsync(Guid? value)
    {
        await Then(() =>
        {
            authorizationId = value;
            suggestions = null;
        });
        if (FindSlot && value is not null)
        {
            await FindAsync();
        }
    }

    private Task PlaceChangedAsync(string value) => Then(() => (place, suggestions) = (value, null));

    private Task DateChangedAsync(DateTime? value) => Then(() => date = value);

    private Task StartTimeChangedAsync(TimeOnly value) => Then(() => startTime = value);

    private Task DurationChangedAsync(int value) => Then(() =>
    {
        minutes = value;
        suggestions = null;
    });

    private Task RepeatChangedAsync(bool value) => Then(() => repeat = value);

    private Task DaysChangedAsync(IReadOnlyCollection<DayOfWeek>? value) => Then(() => days = value ?? []);

    private Task CountChangedAsync(int value) => Then(() => count = value);

    private async Task Then(Action change)
    {
        change();
        await PreviewAsync();
    }

    /// <summary>Previews what the form says now; an older preview that finishes later is dropped, never shown.</summary>
    private async Task PreviewAsync()
    {
        var version = ++previewVersion;
        (single, series, refusal, acknowledged) = (null, null, null, false);
        previewing = false;
        if (patientId is not { } patient || authorizationId is not { } authorization || date is not { } day)
        {
            return;
        }

        previewing = true;
        try
        {
            if (repeat)
            {
                var preview = await Scheduler.PreviewSeriesAsync(Actor, SeriesRequest(patient, authorization, day));
                if (version == previewVersion)
                {
                    series = preview;
                }
            }
            else
            {
                var preview = await Scheduler.PreviewAsync(Actor, BookingRequest(patient, authorization, day));
                if (version == previewVersion)
                {
                    single = preview;
                }
            }
        }
        catch (DomainException e) when (version == previewVersion)
        {
            refusal = e.Message;
        }
        catch (Exception failure) when (version == previewVersion && DatabaseOutage.Describe(failure) is { } message)
        {
            refusal = message;
        }
        finally
        {
            if (version == previewVersion)
            {
                previewing = false;
            }
        }
    }

    private async Task BookAsync()
    {
        if (patientId is not { } patient || authorizationId is not { } authorization || date is not { } day)
        {
            return;
        }

        // A refusal redraws the preview (what changed meanwhile); after an outage the form stays as it was, ready to retry.
        var failed = await Save.RunAsync(
            async key =>
            {
                var booked = 1;
                if (repeat)
                {
                    booked = (await Scheduler.BookSeriesAsync(Actor, SeriesRequest(patient, authorization, day), key)).Count;
                }
                else
                {
                    await Scheduler.BookAsync(Actor, BookingRequest(patient, authorization, day), key);
                }

                Snackbar.Add(booked == 1 ? "Session booked." : $"{booked} sessions booked.", Severity.Success);
                Dialog.Close(DialogResult.Ok(booked));
            },
            onRefused: PreviewAsync);
        refusal = failed;
    }

    private BookingRequest BookingRequest(Guid patient, Guid authorization, DateTime day)
    {
        var local = DateOnly.FromDateTime(day).ToDateTime(startTime);
        var start = new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
        return new BookingRequest(patient, practitioner.Id, authorization, start, start.AddMinutes(minutes), place, acknowledged);
    }

    private SeriesRequest SeriesRequest(Guid patient, Guid authorization, DateTime day) =>
        new(patient, practitioner.Id, authorization, DateOnly.FromDateTime(day), startTime, minutes, [.. days], Count: count, PlaceOfService: place, AcknowledgeWarnings: acknowledged);

    /// <summary>The next free slots for the client, from the chosen day (or now, if later), with this practitioner or any.</summary>
    private async Task FindAsync()
    {
        if (patientId is not { } patient || authorizationId is not { } authorization)
        {
            return;
        }

        var day = DateOnly.FromDateTime(date ?? TimeZoneInfo.ConvertTime(Time.GetUtcNow(), TimeZone).DateTime);
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        var from = new DateTimeOffset(midnight, TimeZone.GetUtcOffset(midnight));
        var request = new SlotRequest(patient, authorization, minutes, from, from.AddDays(FindDays), anyPractitioner ? null : practitioner.Id, place);
        var version = ++findVersion;
        (finding, refusal) = (true, null);
        try
        {
            var found = await Slots.SuggestAsync(Actor, request);
            if (version == findVersion)
            {
                suggestions = found;
            }
        }
        catch (DomainException e) when (version == findVersion)
        {
            refusal = e.Message;
        }
        catch (Exception failure) when (version == findVersion && DatabaseOutage.Describe(failure) is { } message)
        {
            refusal = message;
        }
        finally
        {
            if (version == findVersion)
            {
                finding = false;
            }
        }
    }

    private void ForgetSuggestions()
    {
        suggestions = null;
        ++findVersion;
    }

    /// <summary>A suggestion fills the form (one session, at its time, with its practitioner) and is previewed like any other.</summary>
    private Task UseAsync(SlotSuggestion suggestion) => Then(() =>
    {
        var local = TimeZoneInfo.ConvertTime(suggestion.Start, TimeZone);
        (date, startTime, repeat) = (local.Date, TimeOnly.FromDateTime(local.DateTime), false);
        practitioner = Offered.FirstOrDefault(p => p.Id == suggestion.PractitionerId) ?? practitioner;
    });

    private string Describe(SlotSuggestion suggestion)
    {
        var (start, end) = (TimeZoneInfo.ConvertTime(suggestion.Start, TimeZone), TimeZoneInfo.ConvertTime(suggestion.End, TimeZone));
        return $"{start:ddd d MMM HH:mm}–{end:HH:mm}{(anyPractitioner ? $" · {suggestion.PractitionerName}" : string.Empty)}";
    }

    private static string Duration(int length) => length < 60 ? $"{length} min" : $"{length / 60} h{(length % 60 == 0 ? string.Empty : $" {length % 60} min")}";
}
