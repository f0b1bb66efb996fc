using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Calendars;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Supervision;

/// <summary>
/// Non-billable supervision on a fake clock (8 December, 08:00 in New York): meetings and observations count as the
/// BACB counts them, take their people's time like sessions do, and the database refuses what the domain refuses.
/// </summary>
public sealed class SupervisionMeetingTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private readonly FakeTimeProvider _clock = new(At(8, 8, 0));
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Guid _patientId;
    private Guid _rbt;
    private Guid _otherRbt;
    private Guid _bcba;
    private AuthorizationBalance _treatment = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private SupervisionMeetings Meetings => _core.Get<SupervisionMeetings>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_admin, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        _otherRbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        _bcba = await _core.AddPractitionerAsync(_admin, Credential.BCBA);
        _treatment = await _core.AddAuthorizationAsync(_admin, _patientId, 400, ServiceCode.TreatmentByProtocol, new DateOnly(2026, 11, 1), new DateOnly(2027, 2, 28));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task AGroupMeeting_IsAGroupContact_AndAnObservation_IsObservedAndIndividual()
    {
        var session = await BookAsync(_rbt, 14, 9, 180);
        await BookAsync(_otherRbt, 15, 9, 180);

        var group = await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_rbt, _otherRbt], At(16, 13, 0), At(16, 13, 30), SupervisionModality.Video), cancellationToken: Ct);
        var afterGroup = await RbtAsync(_rbt);
        var observation = await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_rbt], At(14, 10, 0), At(14, 10, 30), ObservedAppointmentId: session.Id), cancellationToken: Ct);
        var afterObservation = await RbtAsync(_rbt);
        var other = await RbtAsync(_otherRbt);

        Assert.Equal(("Group supervision (2 RBTs)", "Observation of RBT Clinician"), (group.Title, observation.Title));
        Assert.Equal(new SupervisionFigures(180, 30, 1, 0, 0), afterGroup.Forecast);
        Assert.Equal([SupervisionShortfall.Contacts, SupervisionShortfall.Individual, SupervisionShortfall.Observed], afterGroup.Missing);
        Assert.Equal((SupervisionStatus.OnTrack, new SupervisionFigures(180, 60, 2, 1, 1)), (afterObservation.Status, afterObservation.Forecast));
        Assert.Equal(new SupervisionFigures(180, 30, 1, 0, 0), other.Forecast);
        Assert.Equal(0, afterObservation.Completed.Contacts);
    }

    [Fact]
    public async Task Supervision_TakesItsPeoplesTime_BothWays()
    {
        await BookAsync(_rbt, 14, 9, 180);
        var meeting = await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_otherRbt], At(14, 13, 0), At(14, 14, 0)), cancellationToken: Ct);

        var overSession = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_rbt], At(14, 11, 0), At(14, 12, 0)), cancellationToken: Ct));
        var overMeeting = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_rbt], At(14, 13, 30), At(14, 14, 30)), cancellationToken: Ct));
        var sessionOverMeeting = await Assert.ThrowsAsync<DomainException>(() => BookAsync(_otherRbt, 14, 13, 60));
        await Meetings.CancelAsync(_admin, true, meeting.Id, "Supervisor ill", cancellationToken: Ct);
        var afterCancel = await BookAsync(_otherRbt, 14, 13, 60);

        Assert.Equal(("practitioner-double-booked", "practitioner-double-booked", "practitioner-double-booked"), (overSession.Code, overMeeting.Code, sessionOverMeeting.Code));
        Assert.Contains("already has a session from 09:00 to 12:00", overSession.Message, StringComparison.Ordinal);
        Assert.Contains("supervision from 13:00 to 14:00", sessionOverMeeting.Message, StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Scheduled, afterCancel.Status);
    }

    [Fact]
    public async Task OnlyAnAnalyst_SupervisesRbts_ASupervisorOnlyTheirOwn_AndAnObservationIsOfTheRbtsSession()
    {
        var session = await BookAsync(_rbt, 14, 9, 180);
        var (bcbaUser, _) = await _core.AddPractitionerUserAsync(_admin, "Sam Analyst", Credential.BCBA);

        var byRbt = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_otherRbt, [_rbt], At(15, 9, 0), At(15, 10, 0)), cancellationToken: Ct));
        var ofAnalyst = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_bcba], At(15, 9, 0), At(15, 10, 0)), cancellationToken: Ct));
        var tooMany = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [.. Enumerable.Range(0, 11).Select(_ => Guid.NewGuid())], At(15, 9, 0), At(15, 10, 0)), cancellationToken: Ct));
        var notTheirs = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(bcbaUser, false, new NewSupervisionMeeting(_bcba, [_rbt], At(15, 9, 0), At(15, 10, 0)), cancellationToken: Ct));
        var outsideSession = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_rbt], At(14, 11, 30), At(14, 12, 30), ObservedAppointmentId: session.Id), cancellationToken: Ct));
        var otherRbtsSession = await Assert.ThrowsAsync<DomainException>(() =>
            Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_otherRbt], At(14, 10, 0), At(14, 11, 0), ObservedAppointmentId: session.Id), cancellationToken: Ct));

        Assert.Equal(
            ("invalid-supervision", "invalid-supervision", "invalid-supervision", "not-supervisor", "invalid-observation", "invalid-observation"),
            (byRbt.Code, ofAnalyst.Code, tooMany.Code, notTheirs.Code, outsideSession.Code, otherRbtsSession.Code));
        Assert.Empty(await Meetings.ListAsync(_admin.OrganizationId, At(1, 0, 0), At(32, 0, 0), cancellationToken: Ct));
    }

    [Fact]
    public async Task CancellingTheObservedSession_CancelsTheObservation_AndMovingItOutFromUnderIsRefused()
    {
        var session = await BookAsync(_rbt, 14, 9, 180);
        var observation = await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_rbt], At(14, 10, 0), At(14, 10, 30), ObservedAppointmentId: session.Id), cancellationToken: Ct);

        var moved = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.RescheduleAsync(_admin, session.Id, new RescheduleRequest(At(15, 9, 0), At(15, 12, 0)), cancellationToken: Ct));
        await Scheduler.CancelAsync(_admin, session.Id, "Client ill", cancellationToken: Ct);
        var listed = (await Meetings.ListAsync(_admin.OrganizationId, At(14, 0, 0), At(15, 0, 0), _rbt, Ct)).Single();

        Assert.Equal("observed-session", moved.Code);
        Assert.Equal((observation.Id, SupervisionMeetingStatus.Cancelled), (listed.Id, listed.Status));
        Assert.Equal(SupervisionStatus.NoServices, (await RbtAsync(_rbt)).Status);
    }

    [Fact]
    public async Task TheDatabase_RefusesSupervisionOverASession_ASessionOverSupervision_AndAnRbtSupervising()
    {
        var session = await BookAsync(_rbt, 14, 9, 180);
        await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(_bcba, [_otherRbt], At(15, 13, 0), At(15, 14, 0)), cancellationToken: Ct);
        string Insert(Guid supervisor, Guid rbt, int day, int hour) => $"""
            INSERT INTO supervision_meetings (id, organization_id, kind, supervisor_id, attendee_ids, modality, start_at, end_at, status, created_by_user_id, created_at, updated_at)
            VALUES (gen_random_uuid(), '{_admin.OrganizationId}', 'Meeting', '{supervisor}', ARRAY['{rbt}']::uuid[], 'InPerson',
                    '{At(day, hour, 0):O}', '{At(day, hour + 1, 0):O}', 'Scheduled', gen_random_uuid(), now(), now())
            """;

        var overSession = await RawAsync(Insert(_bcba, _rbt, 14, 10));
        var byRbt = await RawAsync(Insert(_otherRbt, _rbt, 16, 10));
        var sessionMoved = await RawAsync($"UPDATE appointments SET practitioner_id = '{_otherRbt}', start_at = '{At(15, 13, 0):O}', end_at = '{At(15, 14, 0):O}' WHERE id = '{session.Id}'");
        var apart = await RawAsync(Insert(_bcba, _rbt, 16, 10));

        Assert.Equal(("23514", "ck_supervision_meetings_overlap"), (overSession?.SqlState, overSession?.ConstraintName));
        Assert.Equal(("23514", "ck_supervision_meetings_people"), (byRbt?.SqlState, byRbt?.ConstraintName));
        Assert.Equal(("23514", "ck_supervision_meetings_overlap"), (sessionMoved?.SqlState, sessionMoved?.ConstraintName));
        Assert.Null(apart);
    }

    [Fact]
    public async Task Supervision_IsOnTheBoardInItsPeoplesRows_AnObservationOnTheClientsWeek_AndBothInTheSupervisorsFeed()
    {
        var (analystUser, analyst) = await _core.AddPractitionerUserAsync(_admin, "Dana Analyst", Credential.BCBA);
        var session = await BookAsync(_rbt, 14, 9, 180);
        var group = await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(analyst, [_rbt, _otherRbt], At(9, 13, 0), At(9, 14, 0), SupervisionModality.Video), cancellationToken: Ct);
        var observation = await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(analyst, [_rbt], At(14, 10, 0), At(14, 10, 30), ObservedAppointmentId: session.Id), cancellationToken: Ct);
        var cancelled = await Meetings.ScheduleAsync(_admin, true, new NewSupervisionMeeting(analyst, [_otherRbt], At(10, 13, 0), At(10, 14, 0)), cancellationToken: Ct);
        await Meetings.CancelAsync(_admin, true, cancelled.Id, "Analyst ill", cancellationToken: Ct);
        var book = _core.Get<AppointmentBook>();
        var feeds = _core.Get<CalendarFeeds>();

        var board = await book.BoardAsync(_admin.OrganizationId, new DateOnly(2026, 12, 9), 7, Ct);
        var observedWeek = await book.PatientWeekAsync(_admin.OrganizationId, _patientId, new DateOnly(2026, 12, 14), Ct);
        var meetingWeek = await book.PatientWeekAsync(_admin.OrganizationId, _patientId, new DateOnly(2026, 12, 9), Ct);
        var feed = await feeds.RenderAsync(await feeds.CreateAsync(analystUser, Ct), Ct);

        Assert.Equal([group.Id, observation.Id], board.Supervision.Select(m => m.Id));
        Assert.Equal([true, true, true], new[] { analyst, _rbt, _otherRbt }.Select(group.Takes));
        // An observed RBT is in their own session: the observation takes only the supervisor's time.
        Assert.Equal([true, false], new[] { analyst, _rbt }.Select(observation.Takes));
        Assert.Equal([observation.Id], observedWeek.Supervision.Select(m => m.Id));
        Assert.Empty(meetingWeek.Supervision);
        Assert.Contains("SUMMARY:Group supervision (2 RBTs)", feed, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Observation of RBT Clinician", feed, StringComparison.Ordinal);
        Assert.Contains($"UID:{observation.Id}@omnirapeutic-supervision", feed, StringComparison.Ordinal);
        Assert.DoesNotContain(cancelled.Id.ToString(), feed, StringComparison.Ordinal);
    }

    private async Task<RbtSupervision> RbtAsync(Guid rbt) =>
        (await _core.Get<SupervisionReport>().GetAsync(_admin.OrganizationId, _admin.UserId, everyone: true, cancellationToken: Ct)).Rbts.Single(r => r.PractitionerId == rbt);

    private Task<AppointmentView> BookAsync(Guid practitionerId, int day, int hour, int minutes) =>
        Scheduler.BookAsync(_admin, new BookingRequest(_patientId, practitionerId, _treatment.Id, At(day, hour, 0), At(day, hour, 0).AddMinutes(minutes), AcknowledgeWarnings: true), cancellationToken: Ct);

    private Task<PostgresException?> RawAsync(string sql) => RawSql.RefusalAsync(_core.ConnectionString, sql);

    /// <summary>A New York wall-clock time on a day of December 2026.</summary>
    private static DateTimeOffset At(int day, int hour, int minute)
    {
        var local = new DateTime(2026, 12, 1, hour, minute, 0).AddDays(day - 1);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local)).ToUniversalTime();
    }
}
