using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

/// <summary>The admin's worklist lists each kind of authorization or session that needs an action, and nothing else.</summary>
public sealed class AuthorizationWorklistTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 5, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Worklist_ListsRenewalsDue_RequestsUnanswered_SessionsWithoutAValidAuthorization_AndAuthorizationsRunningOut()
    {
        var settings = await _core.Get<OrganizationDirectory>().GetSettingsAsync(_actor.OrganizationId, Ct);
        await _core.Get<OrganizationAdministration>().ChangeSettingsAsync(_actor, settings with { AllowSchedulingOnRequested = true }, Ct);
        var endingSoon = await OpenAsync("ENDING-1", ServiceCode.FamilyGuidance, new DateOnly(2027, 2, 28), 100);
        await OpenAsync("LONG-1", ServiceCode.Assessment, new DateOnly(2027, 6, 30), 100);
        var renewed = await OpenAsync("RENEWED-1", ServiceCode.MultiFamilyGroup, new DateOnly(2027, 2, 28), 100);
        await Ledger.RenewAsync(_actor, renewed.Id, new AuthorizationRenewal("RENEWED-2", new DateOnly(2027, 3, 1), new DateOnly(2027, 8, 31), 100), cancellationToken: Ct);
        var longAsked = await OpenAsync("ASKED-1", ServiceCode.TreatmentByProtocol, new DateOnly(2027, 6, 30), 100, AuthorizationStatus.Requested);
        var denied = await OpenAsync("ASKED-2", ServiceCode.TreatmentByProtocol, new DateOnly(2027, 6, 30), 100, AuthorizationStatus.Requested);
        var onDenied = await Scheduler.BookAsync(_actor, Booking(denied, new DateOnly(2027, 2, 3)), cancellationToken: Ct);
        await Ledger.DenyAsync(_actor, denied.Id, "Not medically necessary", cancellationToken: Ct);
        var busy = await OpenAsync("BUSY-1", ServiceCode.TreatmentByProtocol, new DateOnly(2027, 6, 30), 40);
        foreach (var day in Enumerable.Range(11, 5))
        {
            await Scheduler.BookAsync(_actor, Booking(busy, new DateOnly(2027, 1, day)), cancellationToken: Ct);
        }

        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 20, 12, 0, 0, Est));
        await OpenAsync("ASKED-3", ServiceCode.TreatmentByProtocol, new DateOnly(2027, 6, 30), 100, AuthorizationStatus.Requested);
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 25, 12, 0, 0, Est));

        var worklist = await _core.Get<AuthorizationWorklist>().GetAsync(_actor.OrganizationId, Ct);

        var due = Assert.Single(worklist.RenewalsDue);
        Assert.Equal((endingSoon.Id, "Ends 2027-02-28, in 34 days; no renewal yet"), (due.Authorization.Id, due.Detail));
        var waiting = Assert.Single(worklist.RequestsWaiting);
        Assert.Equal((longAsked.Id, "Requested 2027-01-05; no answer from the payer yet"), (waiting.Authorization.Id, waiting.Detail));
        var session = Assert.Single(worklist.SessionsWithoutAuthorization);
        Assert.Equal((onDenied.Id, $"The payer denied ASKED-2", _patientId), (session.AppointmentId, session.Detail, session.PatientId));
        var runningOut = Assert.Single(worklist.RunningOut);
        Assert.Equal((busy.Id, _patientId), (runningOut.Authorization.Id, runningOut.Authorization.PatientId));
        Assert.StartsWith("Runs out around 2027-02-", runningOut.Detail);
        Assert.Equal(4, worklist.Count);
    }

    [Fact]
    public async Task FollowUpDays_OutsideOneTo180_AreRefused_AndAChangeMovesARequestOnOrOffTheWorklist()
    {
        await OpenAsync("ASKED-1", ServiceCode.TreatmentByProtocol, new DateOnly(2027, 6, 30), 100, AuthorizationStatus.Requested);
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
        var directory = _core.Get<OrganizationDirectory>();
        var administration = _core.Get<OrganizationAdministration>();
        var settings = await directory.GetSettingsAsync(_actor.OrganizationId, Ct);

        var before = await _core.Get<AuthorizationWorklist>().GetAsync(_actor.OrganizationId, Ct);
        var zero = await Assert.ThrowsAsync<Omnirapeutic.Core.DomainException>(() => administration.ChangeSettingsAsync(_actor, settings with { RequestedFollowUpDays = 0 }, Ct));
        var tooMany = await Assert.ThrowsAsync<Omnirapeutic.Core.DomainException>(() => administration.ChangeSettingsAsync(_actor, settings with { RequestedFollowUpDays = 181 }, Ct));
        await administration.ChangeSettingsAsync(_actor, settings with { RequestedFollowUpDays = 5 }, Ct);
        var after = await _core.Get<AuthorizationWorklist>().GetAsync(_actor.OrganizationId, Ct);

        Assert.Equal(Organization.DefaultRequestedFollowUpDays, settings.RequestedFollowUpDays);
        Assert.Empty(before.RequestsWaiting);
        Assert.Equal(("invalid-follow-up-days", "invalid-follow-up-days"), (zero.Code, tooMany.Code));
        Assert.Single(after.RequestsWaiting);
    }

    private Task<AuthorizationBalance> OpenAsync(string number, string code, DateOnly endDate, int totalUnits, AuthorizationStatus status = AuthorizationStatus.Active) =>
        Ledger.CreateAsync(_actor, new NewAuthorization(_patientId, code, number, new DateOnly(2027, 1, 1), endDate, totalUnits, Status: status), cancellationToken: Ct);

    /// <summary>An hour from 09:00 in New York.</summary>
    private BookingRequest Booking(AuthorizationBalance authorization, DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), Est);
        return new BookingRequest(_patientId, _rbt, authorization.Id, start, start.AddHours(1));
    }
}
