using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Npgsql;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Components.Pages.Schedule;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Tests.Web.Components.Schedule;

public sealed class BookingDialogTests(PostgresServer postgres) : BunitContext, IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset Slot = new(2027, 1, 13, 15, 0, 0, TimeSpan.FromHours(-5));

    private DatabaseLink _link = null!;
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private AuthorizationBalance _treatment = null!;

    public async ValueTask InitializeAsync()
    {
        _link = DatabaseLink.Start(postgres);
        _core = await CoreServices.StartAsync(postgres, _link.Route);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _treatment = await _core.AddAuthorizationAsync(_actor, _patientId, 50, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        await _core.AddAuthorizationAsync(_actor, _patientId, 200, ServiceCode.ProtocolModification, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        this.WithCore(_core.ConnectionString, _actor);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _core.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Theory]
    [InlineData(Credential.RBT, new[] { "97153" })]
    [InlineData(Credential.BCBA, new[] { "97153", "97155" })]
    public async Task ChoosingAPatient_OffersOnlyAuthorizationsThePractitionerMayDeliver(Credential credential, string[] codes)
    {
        var (dialog, popovers) = await OpenAsync(credential);

        await ChoosePatientAsync(dialog);
        await dialog.InvokeAsync(() => Selects(dialog)[1].Instance.OpenMenu());

        var offered = popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Split('·')[1].Trim());
        Assert.Equal(codes, offered.Order());
    }

    [Fact]
    public async Task ChoosingAPatient_KeepsTheAuthorizationSelectDisabledAndTheFormBusyUntilTheirAuthorizationsLoad()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var (dialog, _) = await OpenAsync(Credential.RBT);
        await using var holder = new NpgsqlConnection(_core.ConnectionString);
        await holder.OpenAsync(ct);
        await using var hold = await holder.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("LOCK TABLE authorizations IN ACCESS EXCLUSIVE MODE", holder, hold))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        var choosing = ChoosePatientAsync(dialog);

        dialog.WaitForAssertion(() => Assert.Equal("true", dialog.Find("[data-testid=booking-form]").GetAttribute("aria-busy")), AdminPages.Wait);
        Assert.True(Selects(dialog)[1].Instance.Disabled);
        await hold.RollbackAsync(ct);
        await choosing;
        dialog.WaitForAssertion(() => Assert.Equal("false", dialog.Find("[data-testid=booking-form]").GetAttribute("aria-busy")), AdminPages.Wait);
        Assert.False(Selects(dialog)[1].Instance.Disabled);
        dialog.WaitForAssertion(() =>
            Assert.Equal("4 units · available now 50 · after this booking 46", dialog.Find("[data-testid=booking-preview]").TextContent.Trim()), AdminPages.Wait);
    }

    [Fact]
    public async Task ChoosingAPatient_ShowsTheBalanceAfterThisBooking()
    {
        var (dialog, _) = await OpenAsync(Credential.RBT);

        await ChoosePatientAsync(dialog);

        dialog.WaitForAssertion(() =>
            Assert.Equal("4 units · available now 50 · after this booking 46", dialog.Find("[data-testid=booking-preview]").TextContent.Trim()), AdminPages.Wait);
    }

    [Fact]
    public async Task ChoosingAPatient_PicksTheirUsualPlace_AndAnotherPlaceIsPreviewedAndBookedWithItsModifiers()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var details = await _core.Get<PatientDirectory>().GetAsync(_actor.OrganizationId, _patientId, ct);
        await _core.Get<PatientRegistry>().UpdateAsync(_actor, _patientId, details with { UsualPlaceOfService = PlaceOfService.Home }, ct);
        var (dialog, _) = await OpenAsync(Credential.RBT);

        await ChoosePatientAsync(dialog);
        dialog.WaitForAssertion(() =>
            Assert.Equal("Place of service 12 Home · modifiers HM", dialog.Find("[data-testid=booking-claim-line]").TextContent.Trim()), AdminPages.Wait);
        await dialog.InvokeAsync(() => dialog.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(PlaceOfService.TelehealthAtHome));
        dialog.WaitForAssertion(() =>
            Assert.Equal("Place of service 10 Telehealth at home · modifiers HM 95", dialog.Find("[data-testid=booking-claim-line]").TextContent.Trim()), AdminPages.Wait);
        await dialog.PressAsync("Book");

        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll(".mud-dialog")), AdminPages.Wait);
        var booked = Assert.Single(await _core.Get<AppointmentBook>().ListAsync(_actor.OrganizationId, Slot.AddDays(-1), Slot.AddDays(1), cancellationToken: ct));
        Assert.Equal((PlaceOfService.TelehealthAtHome, "HM 95"), (booked.PlaceOfService, string.Join(' ', booked.Modifiers)));
    }

    [Fact]
    public async Task Booking_WhenTheSlotWasTakenMeanwhile_ShowsTheRefusalAndSavesNothing()
    {
        var (dialog, _) = await OpenAsync(Credential.RBT);
        await ChoosePatientAsync(dialog);
        var practitionerId = dialog.FindComponent<BookingDialog>().Instance.Practitioner.Id;
        await _core.Get<AppointmentScheduler>().BookAsync(
            _actor, new BookingRequest(_patientId, practitionerId, _treatment.Id, Slot.AddMinutes(30), Slot.AddMinutes(90)), cancellationToken: Xunit.TestContext.Current.CancellationToken);

        await dialog.Find("button:contains('Book')").ClickAsync(new());

        dialog.WaitForAssertion(() => Assert.Contains(
            "The practitioner already has a session at that time (15:30 to 16:30).", dialog.Find("[role=alert]").TextContent, StringComparison.Ordinal), AdminPages.Wait);
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, _treatment.Id, Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(4, balance.ScheduledUnits);
    }

    [Fact]
    public async Task Booking_WhenTheDatabaseIsAway_SaysNothingWasSavedAndTheRetryBooksOnce()
    {
        var dialog = await OpenWithPreviewAsync();
        _link.Cut();

        await dialog.PressAsync("Book");

        dialog.WaitForAssertion(() => Assert.Equal(DatabaseOutage.NothingSaved, dialog.Find("[role=alert]").TextContent.Trim()), AdminPages.Wait);
        _link.Restore();
        Assert.Equal(0, await ScheduledUnitsAsync());
        await dialog.PressAsync("Book");
        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll(".mud-dialog")), AdminPages.Wait);
        Assert.Equal(4, await ScheduledUnitsAsync());
    }

    [Fact]
    public async Task Booking_WhenTheCommitsAnswerIsLost_SaysItMayBeSavedAndTheRetryReplaysIt()
    {
        var dialog = await OpenWithPreviewAsync();
        _link.BreakAfterNextCommit();

        await dialog.PressAsync("Book");

        dialog.WaitForAssertion(() => Assert.Equal(DatabaseOutage.MaybeSaved, dialog.Find("[role=alert]").TextContent.Trim()), AdminPages.Wait);
        Assert.Equal(4, await ScheduledUnitsAsync());
        await dialog.PressAsync("Book");
        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll(".mud-dialog")), AdminPages.Wait);
        Assert.Equal(4, await ScheduledUnitsAsync());
    }

    /// <summary>The dialog of an RBT with the patient chosen and the booking previewed: ready to book.</summary>
    private async Task<IRenderedComponent<MudDialogProvider>> OpenWithPreviewAsync()
    {
        var (dialog, _) = await OpenAsync(Credential.RBT);
        await ChoosePatientAsync(dialog);
        dialog.WaitForAssertion(() => Assert.NotNull(dialog.Find("[data-testid=booking-preview]")), AdminPages.Wait);
        return dialog;
    }

    private async Task<int> ScheduledUnitsAsync() =>
        (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, _treatment.Id, Xunit.TestContext.Current.CancellationToken)).ScheduledUnits;

    private async Task<(IRenderedComponent<MudDialogProvider> Dialog, IRenderedComponent<MudPopoverProvider> Popovers)> OpenAsync(Credential credential)
    {
        var practitionerId = await _core.AddPractitionerAsync(_actor, credential);
        var popovers = Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var parameters = new DialogParameters<BookingDialog>
        {
            { d => d.Actor, _actor },
            { d => d.Practitioner, new PractitionerListItem(practitionerId, "Test Clinician", "t@example.test", credential) },
            { d => d.Start, Slot },
            { d => d.TimeZone, NewYork },
        };
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<BookingDialog>("Book a session", parameters));
        dialogs.WaitForAssertion(() => Assert.Equal(2, Selects(dialogs).Count), AdminPages.Wait);
        return (dialogs, popovers);
    }

    private async Task ChoosePatientAsync(IRenderedComponent<MudDialogProvider> dialog) =>
        await dialog.InvokeAsync(() => Selects(dialog)[0].Instance.ValueChanged.InvokeAsync(_patientId));

    private static IReadOnlyList<IRenderedComponent<MudSelect<Guid?>>> Selects(IRenderedComponent<MudDialogProvider> dialog) =>
        dialog.FindComponents<MudSelect<Guid?>>();
}
