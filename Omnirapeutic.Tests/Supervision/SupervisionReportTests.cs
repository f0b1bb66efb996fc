using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Supervision;

/// <summary>
/// An RBT's December counted from the real schedule on a fake clock (8 December, 08:00 in New York): the forecast
/// follows bookings and cancellations, a month over counts only what was completed, and a suggested 97155 books
/// through the normal path and puts the RBT on track.
/// </summary>
public sealed class SupervisionReportTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly December = new(2026, 12, 1);

    private readonly FakeTimeProvider _clock = new(At(8, 8, 0));
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Guid _patientId;
    private Guid _rbt;
    private Guid _supervisor;
    private Actor _supervisorUser = null!;
    private AuthorizationBalance _treatment = null!;
    private AuthorizationBalance _supervision = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_admin, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        (_supervisorUser, _supervisor) = await _core.AddPractitionerUserAsync(_admin, "Sam Analyst", Credential.BCBA);
        await _core.Get<PractitionerDirectory>().SetSupervisorAsync(_admin, _rbt, _supervisor, Ct);
        _treatment = await _core.AddAuthorizationAsync(_admin, _patientId, 400, ServiceCode.TreatmentByProtocol, new DateOnly(2026, 11, 1), new DateOnly(2027, 2, 28));
        _supervision = await _core.AddAuthorizationAsync(_admin, _patientId, 100, ServiceCode.ProtocolModification, new DateOnly(2026, 11, 1), new DateOnly(2027, 2, 28));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task TheForecast_CountsScheduledSessions_AndChangesWhenOneIsCancelled()
    {
        await BookAsync(_rbt, _treatment, 14, 9, 180);
        var second = await BookAsync(_rbt, _treatment, 15, 9, 180);
        await BookAsync(_supervisor, _supervision, 14, 10, 30);
        var secondOverlay = await BookAsync(_supervisor, _supervision, 15, 10, 30);

        var both = await RbtAsync();
        await Scheduler.CancelAsync(_admin, secondOverlay.Id, "Supervisor ill", cancellationToken: Ct);
        var oneOverlay = await RbtAsync();
        await Scheduler.CancelAsync(_admin, second.Id, "Client away", cancellationToken: Ct);
        var oneSession = await RbtAsync();

        Assert.Equal((SupervisionStatus.OnTrack, new SupervisionFigures(360, 60, 2, 2, 2), new SupervisionFigures(0, 0, 0, 0, 0)), (both.Status, both.Forecast, both.Completed));
        Assert.Equal((18, 0, "Sam Analyst"), (both.RequiredMinutes, both.MinutesStillNeeded, both.SupervisorName));
        Assert.Equal((SupervisionStatus.AtRisk, 30, 1), (oneOverlay.Status, oneOverlay.Forecast.SupervisedMinutes, oneOverlay.Forecast.Contacts));
        Assert.Equal([SupervisionShortfall.Contacts], oneOverlay.Missing);
        Assert.Equal((180, 30, 9), (oneSession.Forecast.DirectMinutes, oneSession.Forecast.SupervisedMinutes, oneSession.RequiredMinutes));
    }

    [Fact]
    public async Task AMonthOver_IsJudgedByWhatWasCompleted_AndTheNextMonthHasNothingToSupervise()
    {
        var session = await BookAsync(_rbt, _treatment, 14, 9, 180);
        var overlay = await BookAsync(_supervisor, _supervision, 14, 10, 30);
        await BookAsync(_rbt, _treatment, 15, 9, 180);
        await BookAsync(_supervisor, _supervision, 15, 10, 30);
        _clock.SetUtcNow(At(14, 13, 0));
        await Scheduler.CompleteAsync(_admin, session.Id, session.Start, session.End, cancellationToken: Ct);
        await Scheduler.CompleteAsync(_admin, overlay.Id, overlay.Start, overlay.End, cancellationToken: Ct);
        _clock.SetUtcNow(At(33, 9, 0));

        var december = await RbtAsync(December);
        var january = await RbtAsync();

        Assert.Equal((SupervisionStatus.NotMet, new SupervisionFigures(180, 30, 1, 1, 1)), (december.Status, december.Completed));
        Assert.Equal([SupervisionShortfall.Contacts], december.Missing);
        Assert.Equal(SupervisionStatus.NoServices, january.Status);
    }

    [Fact]
    public async Task ASuggestedOverlay_BooksThroughTheNormalPath_AndPutsTheRbtOnTrack()
    {
        var otherPatient = await _core.AddPatientAsync(_admin);
        var otherAssessment = await _core.AddAuthorizationAsync(_admin, otherPatient, 100, ServiceCode.Assessment, new DateOnly(2026, 11, 1), new DateOnly(2027, 2, 28));
        var otherAnalyst = await _core.AddPractitionerAsync(_admin, Credential.BCaBA);
        await BookAsync(_rbt, _treatment, 14, 9, 180);
        await BookAsync(_rbt, _treatment, 15, 9, 180);
        await Scheduler.BookAsync(_admin, new BookingRequest(otherPatient, _supervisor, otherAssessment.Id, At(14, 8, 0), At(14, 11, 0), AcknowledgeWarnings: true), cancellationToken: Ct);
        var planner = _core.Get<SupervisionPlanner>();

        var atRisk = await RbtAsync();
        var forTheFrontDesk = await planner.SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct);
        var forTheSupervisor = await planner.SuggestAsync(_supervisorUser, everyone: false, _rbt, cancellationToken: Ct);
        var overlays = forTheFrontDesk.Where(s => s.Kind == SupervisionSuggestionKind.Overlay).ToList();
        foreach (var suggestion in overlays)
        {
            await Scheduler.BookAsync(_admin, suggestion.ToBooking(), cancellationToken: Ct);
        }

        var fixedMonth = await RbtAsync();
        Assert.Equal(SupervisionStatus.AtRisk, atRisk.Status);
        Assert.Equal([SupervisionShortfall.Share, SupervisionShortfall.Contacts, SupervisionShortfall.Individual, SupervisionShortfall.Observed], atRisk.Missing);
        // The supervisor is busy on the 14th, so another analyst takes it; each overlay is the shortest, 30 minutes.
        Assert.Equal([(otherAnalyst, At(14, 9, 0), At(14, 9, 30)), (_supervisor, At(15, 9, 0), At(15, 9, 30))], overlays.Select(s => (s.PractitionerId, s.Start, s.End)));
        Assert.All(overlays, s => Assert.Equal((_supervision.Id, 2, "T.P."), (s.AuthorizationId, s.Units, s.PatientInitials)));
        // Then the first meeting both are free for: now, on the 8th.
        Assert.Equal((SupervisionSuggestionKind.Meeting, _supervisor, At(8, 8, 0), At(8, 8, 30)), (forTheFrontDesk[2].Kind, forTheFrontDesk[2].PractitionerId, forTheFrontDesk[2].Start, forTheFrontDesk[2].End));
        // The supervisor sees only themself: busy on the 14th, free on the 15th, then meetings.
        Assert.Equal(
            [(SupervisionSuggestionKind.Overlay, At(15, 9, 0)), (SupervisionSuggestionKind.Meeting, At(8, 8, 0)), (SupervisionSuggestionKind.Meeting, At(9, 7, 0))],
            forTheSupervisor.Select(s => (s.Kind, s.Start)));
        Assert.All(forTheSupervisor, s => Assert.Equal(_supervisor, s.PractitionerId));
        Assert.Equal((SupervisionStatus.OnTrack, 60, 2), (fixedMonth.Status, fixedMonth.Forecast.SupervisedMinutes, fixedMonth.Forecast.Contacts));
        Assert.Empty(await planner.SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct));
    }

    [Fact]
    public async Task AMonthAhead_IsPlannedToo_AndAMonthOverHasNothingLeftToBook()
    {
        await BookAsync(_rbt, _treatment, 43, 9, 120);
        var planner = _core.Get<SupervisionPlanner>();
        var january = new DateOnly(2027, 1, 1);

        var ahead = await planner.SuggestAsync(_admin, everyone: true, _rbt, january, Ct);
        var thisMonth = await planner.SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct);
        _clock.SetUtcNow(At(63, 9, 0));
        var over = await planner.SuggestAsync(_admin, everyone: true, _rbt, january, Ct);

        Assert.Equal((SupervisionSuggestionKind.Overlay, _supervisor, At(43, 9, 0), At(43, 9, 30)), (ahead[0].Kind, ahead[0].PractitionerId, ahead[0].Start, ahead[0].End));
        // A month ahead is planned from its first day: 1 January is a Friday, from the calendar's first hour.
        Assert.Equal([At(32, 7, 0), At(35, 7, 0)], ahead.Skip(1).Select(s => s.Start));
        Assert.Empty(thisMonth);
        Assert.Empty(over);
        // Once January is over only what was completed counts, and its one session was never completed.
        Assert.Equal(SupervisionStatus.NoServices, (await RbtAsync(january)).Status);
    }

    [Fact]
    public async Task UnderAPayerThatDeniesA97155OverA97153_AnObservationIsSuggested_AndAnObservedSessionIsNotSuggestedAgain()
    {
        var tricare = await _core.Get<PayerDirectory>().CreateAsync(_admin, CoreServices.DefaultPayer with { Name = "TRICARE", ConcurrentCodes = [] }, Ct);
        var patient = await _core.AddPatientAsync(_admin);
        var treatment = await _core.AddAuthorizationAsync(_admin, patient, 400, ServiceCode.TreatmentByProtocol, new DateOnly(2026, 11, 1), new DateOnly(2027, 2, 28), tricare.Id);
        await _core.AddAuthorizationAsync(_admin, patient, 100, ServiceCode.ProtocolModification, new DateOnly(2026, 11, 1), new DateOnly(2027, 2, 28), tricare.Id);
        var session = await Scheduler.BookAsync(_admin, new BookingRequest(patient, _rbt, treatment.Id, At(14, 9, 0), At(14, 12, 0), AcknowledgeWarnings: true), cancellationToken: Ct);
        var planner = _core.Get<SupervisionPlanner>();

        var first = await planner.SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct);
        await _core.Get<SupervisionMeetings>().ScheduleAsync(_admin, true, first[0].ToMeeting(), cancellationToken: Ct);
        var observed = await RbtAsync();
        var after = await planner.SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct);

        Assert.Equal(
            (SupervisionSuggestionKind.Observation, session.Id, _supervisor, At(14, 9, 0), At(14, 9, 30), (Guid?)null, 0),
            (first[0].Kind, first[0].SessionId, first[0].PractitionerId, first[0].Start, first[0].End, first[0].AuthorizationId, first[0].Units));
        Assert.Equal((1, 1, 30), (observed.Forecast.ObservedContacts, observed.Forecast.Contacts, observed.Forecast.SupervisedMinutes));
        Assert.Equal([SupervisionShortfall.Contacts], observed.Missing);
        Assert.NotEmpty(after);
        Assert.All(after, s => Assert.Equal((SupervisionSuggestionKind.Meeting, (Guid?)null), (s.Kind, s.SessionId)));
    }

    [Fact]
    public async Task WithNoSessionLeftToSupervise_AMeetingIsSuggestedWhenBothAreFreeAndWorking_AndItBooks()
    {
        await _core.Get<AvailabilityDirectory>().SetWorkingHoursAsync(
            _admin, _supervisor, [WeeklyWindow.Parse(DayOfWeek.Tuesday, "13:00", "17:00"), WeeklyWindow.Parse(DayOfWeek.Wednesday, "09:00", "12:00")], Ct);
        await _core.Get<AvailabilityDirectory>().AddTimeOffAsync(_admin, _rbt, At(15, 12, 0), At(15, 14, 0), "Training", Ct);
        await BookAsync(_rbt, _treatment, 9, 9, 180);
        await BookAsync(_supervisor, _supervision, 9, 9, 30);
        var planner = _core.Get<SupervisionPlanner>();

        var atRisk = await RbtAsync();
        var suggestions = await planner.SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct);
        await _core.Get<SupervisionMeetings>().ScheduleAsync(_admin, true, suggestions[0].ToMeeting(), cancellationToken: Ct);
        var met = await RbtAsync();

        Assert.Equal([SupervisionShortfall.Contacts], atRisk.Missing);
        // The supervisor's Tuesday afternoons and Wednesday mornings: not the 9th, when the RBT is in session all the
        // supervisor's hours; on the 15th the RBT is off until 14:00.
        Assert.Equal([At(8, 13, 0), At(15, 14, 0), At(16, 9, 0)], suggestions.Select(s => s.Start));
        Assert.All(suggestions, s => Assert.Equal((SupervisionSuggestionKind.Meeting, _supervisor, 30.0), (s.Kind, s.PractitionerId, (s.End - s.Start).TotalMinutes)));
        Assert.Equal((SupervisionStatus.OnTrack, 2, 2), (met.Status, met.Forecast.Contacts, met.Forecast.IndividualContacts));
        Assert.Empty(await planner.SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct));
    }

    [Fact]
    public async Task AMonthMissingOnlyAnObservation_IsSuggestedOneOverASession_AndNoMeeting()
    {
        var meetings = _core.Get<SupervisionMeetings>();
        var session = await BookAsync(_rbt, _treatment, 14, 9, 180);
        await meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_supervisor, [_rbt], At(9, 13, 0), At(9, 13, 30)), cancellationToken: Ct);
        await meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_supervisor, [_rbt], At(10, 13, 0), At(10, 13, 30), SupervisionModality.Video), cancellationToken: Ct);

        var atRisk = await RbtAsync();
        var suggestions = await _core.Get<SupervisionPlanner>().SuggestAsync(_admin, everyone: true, _rbt, cancellationToken: Ct);

        Assert.Equal([SupervisionShortfall.Observed], atRisk.Missing);
        Assert.Equal([(SupervisionSuggestionKind.Overlay, session.Id, At(14, 9, 0))], suggestions.Select(s => (s.Kind, s.SessionId, s.Start)));
    }

    [Fact]
    public async Task EachViewer_SeesTheRbtsTheyFollow_AndTheCertificationsEndingWithinSixtyDays()
    {
        var otherRbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        var (rbtUser, rbtWithUser) = await _core.AddPractitionerUserAsync(_admin, "Riley Tech", Credential.RBT);
        var directory = _core.Get<PractitionerDirectory>();
        await directory.SetSupervisorAsync(_admin, rbtWithUser, _supervisor, Ct);
        await directory.SetCredentialExpiryAsync(_admin, _rbt, new DateOnly(2027, 2, 6), Ct);
        await directory.SetCredentialExpiryAsync(_admin, otherRbt, new DateOnly(2027, 2, 7), Ct);
        await directory.SetCredentialExpiryAsync(_admin, _supervisor, new DateOnly(2026, 12, 20), Ct);
        var report = _core.Get<SupervisionReport>();

        var everyone = await report.GetAsync(_admin.OrganizationId, _admin.UserId, everyone: true, cancellationToken: Ct);
        var supervisor = await report.GetAsync(_admin.OrganizationId, _supervisorUser.UserId, everyone: false, cancellationToken: Ct);
        var rbt = await report.GetAsync(_admin.OrganizationId, rbtUser.UserId, everyone: false, cancellationToken: Ct);

        Assert.Equal([_rbt, otherRbt, rbtWithUser], everyone.Rbts.Select(r => r.PractitionerId).Order());
        Assert.Equal([_rbt, rbtWithUser], supervisor.Rbts.Select(r => r.PractitionerId).Order());
        Assert.Equal([rbtWithUser], rbt.Rbts.Select(r => r.PractitionerId));
        Assert.Equal([(_supervisor, 12), (_rbt, 60)], everyone.ExpiringCredentials.Select(e => (e.PractitionerId, e.DaysLeft)));
        Assert.Equal([_supervisor, _rbt], supervisor.ExpiringCredentials.Select(e => e.PractitionerId));
        Assert.Empty(rbt.ExpiringCredentials);
        Assert.Equal((December, false), (everyone.Month, everyone.IsOver));
    }

    private async Task<RbtSupervision> RbtAsync(DateOnly? month = null) =>
        (await _core.Get<SupervisionReport>().GetAsync(_admin.OrganizationId, _admin.UserId, everyone: true, month, Ct)).Rbts.Single(r => r.PractitionerId == _rbt);

    private Task<AppointmentView> BookAsync(Guid practitionerId, AuthorizationBalance authorization, int day, int hour, int minutes) =>
        Scheduler.BookAsync(_admin, new BookingRequest(_patientId, practitionerId, authorization.Id, At(day, hour, 0), At(day, hour, 0).AddMinutes(minutes), AcknowledgeWarnings: true), cancellationToken: Ct);

    /// <summary>A New York wall-clock time on a day counted from 1 December 2026 (day 32 is 1 January).</summary>
    private static DateTimeOffset At(int day, int hour, int minute)
    {
        var local = new DateTime(2026, 12, 1, hour, minute, 0).AddDays(day - 1);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local)).ToUniversalTime();
    }
}
