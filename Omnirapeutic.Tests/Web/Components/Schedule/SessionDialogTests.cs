using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Schedule;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Tests.Web.Components.Schedule;

public sealed class SessionDialogTests(PostgresServer postgres) : BunitContext, IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private DatabaseLink _link = null!;
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private AuthorizationBalance _treatment = null!;
    private AppointmentView _session = null!;
    private Guid _patientId;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _link = DatabaseLink.Start(postgres);
        _core = await CoreServices.StartAsync(postgres, _link.Route);
        (_actor, var patientId) = await _core.AddClinicAsync();
        _patientId = patientId;
        _treatment = await _core.AddAuthorizationAsync(_actor, patientId, 50);
        var practitionerId = await _core.AddPractitionerAsync(_actor, Credential.RBT);

        // Yesterday, so the session is over and can be completed.
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1).AddHours(15), TimeSpan.Zero);
        _session = await _core.Get<AppointmentScheduler>().BookAsync(
            _actor, new BookingRequest(patientId, practitionerId, _treatment.Id, start, start.AddHours(1)), cancellationToken: Ct);
        (_dialogs, _, _) = AdminPages.Start(this, _core.ConnectionString, _actor);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _core.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Fact]
    public async Task Complete_WhenTheDatabaseIsAway_SaysNothingWasSavedAndTheRetryConsumesOnce()
    {
        await OpenAsync();
        _link.Cut();

        await _dialogs.PressAsync("Complete session");

        _dialogs.WaitForAssertion(() => Assert.Equal(DatabaseOutage.NothingSaved, _dialogs.Find(".mud-dialog [role=alert]").TextContent.Trim()), AdminPages.Wait);
        _link.Restore();
        Assert.Equal((0, 4), await UnitsAsync());
        await _dialogs.PressAsync("Complete session");
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), AdminPages.Wait);
        Assert.Equal((4, 0), await UnitsAsync());
    }

    [Fact]
    public async Task Cancel_WhenTheCommitsAnswerIsLost_SaysItMayBeSavedAndTheRetryReleasesOnce()
    {
        await OpenAsync();
        await _dialogs.InvokeAsync(() => _dialogs.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Cancel or no-show").Click());
        await _dialogs.EnterAsync("Reason for cancelling", "Family is travelling");
        _link.BreakAfterNextCommit();

        await CancelAsync();

        _dialogs.WaitForAssertion(() => Assert.Equal(DatabaseOutage.MaybeSaved, _dialogs.Find(".mud-dialog [role=alert]").TextContent.Trim()), AdminPages.Wait);
        Assert.Equal((0, 0), await UnitsAsync());
        await CancelAsync();
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), AdminPages.Wait);
        var history = await _core.Get<AuthorizationDirectory>().HistoryAsync(_actor.OrganizationId, _treatment.Id, Ct);
        Assert.Single(history, line => line.Kind == LedgerEntryKind.Release);
    }

    [Fact]
    public async Task Reschedule_ToAnotherPlace_MovesTheSessionThereWithItsModifiers()
    {
        await OpenAsync();
        Assert.Equal("Place of service 11 Office · modifiers HM", _dialogs.Find("[data-testid=session-claim-line]").TextContent.Trim());

        await _dialogs.InvokeAsync(() => _dialogs.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Move").Click());
        _dialogs.WaitForAssertion(() => Assert.NotNull(_dialogs.Button("Move")), AdminPages.Wait);
        await _dialogs.InvokeAsync(() => _dialogs.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(PlaceOfService.Telehealth));
        await _dialogs.PressAsync("Move");

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), AdminPages.Wait);
        var moved = Assert.Single(await _core.Get<AppointmentBook>().ListAsync(_actor.OrganizationId, _session.Start.AddDays(-1), _session.End.AddDays(1), cancellationToken: Ct));
        Assert.Equal((_session.Start, PlaceOfService.Telehealth, "HM 95"), (moved.Start, moved.PlaceOfService, string.Join(' ', moved.Modifiers)));
    }

    [Fact]
    public async Task Move_ToTheClientsOtherAuthorizationOfTheCode_MovesEveryUnitThere()
    {
        var other = await _core.AddAuthorizationAsync(_actor, _patientId, 80);
        await _core.AddAuthorizationAsync(_actor, _patientId, 80, ServiceCode.FamilyGuidance);
        await OpenAsync();
        Assert.StartsWith($"On {_treatment.AuthNumber} (", _dialogs.Find("[data-testid=session-authorization]").TextContent.Trim(), StringComparison.Ordinal);

        await _dialogs.InvokeAsync(() => _dialogs.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Move to another authorization").Click());
        _dialogs.WaitForAssertion(() => Assert.NotNull(_dialogs.Button("Move session")), AdminPages.Wait);
        var chosen = _dialogs.Find("[data-testid=move-authorization]");
        Assert.Contains(other.AuthNumber, chosen.GetAttribute("value") ?? chosen.QuerySelector("input")?.GetAttribute("value"), StringComparison.Ordinal);
        await _dialogs.PressAsync("Move session");

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), AdminPages.Wait);
        var directory = _core.Get<AuthorizationDirectory>();
        Assert.Equal((0, 4), ((await directory.GetAsync(_actor.OrganizationId, _treatment.Id, Ct)).ScheduledUnits, (await directory.GetAsync(_actor.OrganizationId, other.Id, Ct)).ScheduledUnits));
    }

    [Fact]
    public async Task ExtendSeries_PreviewsTheNextSessions_AndBooksThemInTheSeries()
    {
        var practitionerId = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var series = await _core.Get<AppointmentScheduler>().BookSeriesAsync(
            _actor, new SeriesRequest(_patientId, practitionerId, _treatment.Id, first, new TimeOnly(8, 0), 60, [first.DayOfWeek], Count: 2), cancellationToken: Ct);
        await OpenAsync(series[^1]);

        await _dialogs.InvokeAsync(() => _dialogs.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Extend series").Click());
        _dialogs.WaitForAssertion(() => Assert.NotNull(_dialogs.Button("Extend series")), AdminPages.Wait);
        await _dialogs.InvokeAsync(() => _dialogs.FindComponent<MudDatePicker>().Instance.DateChanged.InvokeAsync(first.AddDays(21).ToDateTime(TimeOnly.MinValue)));
        _dialogs.WaitForAssertion(() => Assert.Equal("2 sessions, 8 units, can be booked.", _dialogs.Find("[data-testid=extension-preview]").TextContent.Trim()), AdminPages.Wait);
        await _dialogs.PressAsync("Extend series");

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), AdminPages.Wait);
        var sessions = await _core.Get<AppointmentBook>().ListAsync(
            _actor.OrganizationId, series[0].Start.AddHours(-1), series[0].Start.AddDays(22), practitionerId, cancellationToken: Ct);
        Assert.Equal(4, sessions.Count(a => a.SeriesId == series[0].SeriesId));
    }

    private Task OpenAsync() => OpenAsync(_session);

    private async Task OpenAsync(AppointmentView session)
    {
        var parameters = new DialogParameters<SessionDialog>
        {
            { d => d.Actor, _actor },
            { d => d.Entry, new CalendarEntry(session, "T.P.", ServiceCode.TreatmentByProtocol) },
            { d => d.TimeZone, NewYork },
        };
        await _dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<SessionDialog>("Session", parameters));
        _dialogs.WaitForAssertion(() => Assert.NotNull(_dialogs.Find("[data-testid=session-authorization]")), AdminPages.Wait);
    }

    /// <summary>Cancelling asks first; the confirmation is a message box of its own.</summary>
    private async Task CancelAsync()
    {
        await _dialogs.PressAsync("Cancel session");
        _dialogs.WaitForAssertion(() => Assert.NotNull(_dialogs.Button("Yes")), AdminPages.Wait);
        await _dialogs.PressAsync("Yes");
    }

    private async Task<(int Used, int Scheduled)> UnitsAsync()
    {
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, _treatment.Id, Ct);
        return (balance.UsedUnits, balance.ScheduledUnits);
    }
}
