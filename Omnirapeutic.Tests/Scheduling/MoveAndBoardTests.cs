using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Scheduling;

/// <summary>What the clinic board relies on: a move checked before it saves, a move that moves no units still announced, and the board's read.</summary>
public sealed class MoveAndBoardTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateOnly Wednesday = new(2027, 1, 13);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;
    private Guid _otherRbt;
    private AuthorizationBalance _treatment = null!;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        _otherRbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        _treatment = await _core.AddAuthorizationAsync(_actor, _patientId, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task PreviewReschedule_ToAFreePractitionerLonger_ShowsTheUnitDifference_AndSavesNothing()
    {
        var session = await BookAsync(_rbt, 10, 60);

        var preview = await Scheduler.PreviewRescheduleAsync(_actor, session.Id, new RescheduleRequest(At(10), At(11).AddMinutes(30), _otherRbt), Ct);

        Assert.True(preview.Proposed.CanBook);
        Assert.Equal((4, 6, 2, 96, 94), (preview.Session.Units, preview.Proposed.Units, preview.UnitChange, preview.AvailableNow, preview.Proposed.AvailableAfter));
        Assert.Equal(_otherRbt, preview.Proposed.PractitionerId);
        var unchanged = Assert.Single(await _core.Get<AppointmentBook>().ListAsync(_actor.OrganizationId, At(0), At(23), cancellationToken: Ct));
        Assert.Equal((_rbt, 4), (unchanged.PractitionerId, unchanged.Units));
        Assert.Equal(4, (await BalanceAsync()).ScheduledUnits);
    }

    [Fact]
    public async Task PreviewReschedule_OntoABusyPractitioner_NamesTheClash_AndTheMoveIsRefusedTheSame()
    {
        var session = await BookAsync(_rbt, 10, 60);
        var otherPatient = await _core.AddPatientAsync(_actor);
        var theirs = await _core.AddAuthorizationAsync(_actor, otherPatient, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        await Scheduler.BookAsync(_actor, new BookingRequest(otherPatient, _otherRbt, theirs.Id, At(10), At(11)), cancellationToken: Ct);
        var onto = new RescheduleRequest(At(10).AddMinutes(30), At(11).AddMinutes(30), _otherRbt);

        var preview = await Scheduler.PreviewRescheduleAsync(_actor, session.Id, onto, Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.RescheduleAsync(_actor, session.Id, onto, cancellationToken: Ct));

        var conflict = Assert.Single(preview.Proposed.Conflicts);
        Assert.Equal(("practitioner-double-booked", "practitioner-double-booked"), (conflict.Code, refusal.Code));
        Assert.Contains("(10:00 to 11:00)", conflict.Message, StringComparison.Ordinal);
        Assert.Equal((96, false), (preview.AvailableNow, preview.Proposed.CanBook));
    }

    [Fact]
    public async Task PreviewReschedule_OfACancelledSession_IsRefused()
    {
        var session = await BookAsync(_rbt, 10, 60);
        await Scheduler.CancelAsync(_actor, session.Id, "Family away", cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.PreviewRescheduleAsync(_actor, session.Id, new RescheduleRequest(At(12), At(13)), Ct));

        Assert.Contains("be rescheduled", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reschedule_ToAnotherPractitionerAtTheSameLength_MovesNoUnits_ButIsAnnouncedOnCommit()
    {
        var session = await BookAsync(_rbt, 10, 60);
        await using var listener = new NpgsqlConnection(_core.ConnectionString);
        await listener.OpenAsync(Ct);
        var heard = new TaskCompletionSource<BalanceChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => heard.TrySetResult(JsonSerializer.Deserialize<BalanceChanged>(e.Payload)!);
        await using (var listen = new NpgsqlCommand($"LISTEN {BalanceChanged.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        var before = await BalanceAsync();
        await Scheduler.RescheduleAsync(_actor, session.Id, new RescheduleRequest(At(10), At(11), _otherRbt), cancellationToken: Ct);
        Assert.True(await listener.WaitAsync(30_000, Ct));
        var announced = await heard.Task;

        Assert.Equal((_treatment.Id, before.Version), (announced.AuthorizationId, announced.Version));
        var after = await BalanceAsync();
        Assert.Equal((before.ScheduledUnits, before.Version), (after.ScheduledUnits, after.Version));
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, Ct);
        Assert.Equal(1, await db.UnitLedger.CountAsync(e => e.AppointmentId == session.Id, Ct));
    }

    [Fact]
    public async Task Board_ShowsEveryActivePractitioner_AndTheDaysSessions_WithoutTheCancelled()
    {
        var kept = await BookAsync(_rbt, 10, 60);
        var cancelled = await BookAsync(_otherRbt, 13, 60);
        await Scheduler.CancelAsync(_actor, cancelled.Id, "Family away", cancellationToken: Ct);
        await BookAsync(_rbt, 10, 60, Wednesday.AddDays(1));

        var day = await _core.Get<AppointmentBook>().BoardAsync(_actor.OrganizationId, Wednesday, 1, Ct);
        var week = await _core.Get<AppointmentBook>().BoardAsync(_actor.OrganizationId, Wednesday.AddDays(-2), 7, Ct);

        Assert.Equal([_rbt, _otherRbt], day.Practitioners.Select(p => p.Id).Order());
        Assert.Equal(kept.Id, Assert.Single(day.Entries).Appointment.Id);
        Assert.Equal(2, week.Entries.Count);
        Assert.Equal("America/New_York", day.TimeZoneId);
    }

    [Fact]
    public async Task TheCalendarWeek_StartsOnTheOrganizationsDay()
    {
        var sunday = await BookAsync(_rbt, 10, 60, Wednesday.AddDays(-3));
        await BookAsync(_rbt, 10, 60, Wednesday.AddDays(4));
        var settings = await _core.Get<OrganizationDirectory>().GetSettingsAsync(_actor.OrganizationId, Ct);
        await _core.Get<OrganizationAdministration>().ChangeSettingsAsync(_actor, settings with { CalendarWeekStartsOn = DayOfWeek.Sunday }, Ct);

        var week = await _core.Get<AppointmentBook>().CalendarAsync(_actor.OrganizationId, _rbt, Wednesday, Ct);

        Assert.Equal(new DateOnly(2027, 1, 10), week.FirstDay);
        Assert.Equal(sunday.Id, Assert.Single(week.Entries).Appointment.Id);
    }

    [Fact]
    public async Task TheClientsWeek_HoldsTheirSessionsWithEveryPractitioner_AndNoOneElses()
    {
        var mine = await BookAsync(_rbt, 9, 60);
        var theirs = await BookAsync(_otherRbt, 13, 60, Wednesday.AddDays(1));
        var otherPatient = await _core.AddPatientAsync(_actor);
        var otherAuthorization = await _core.AddAuthorizationAsync(_actor, otherPatient, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        await Scheduler.BookAsync(_actor, new BookingRequest(otherPatient, _rbt, otherAuthorization.Id, At(15), At(16)), cancellationToken: Ct);

        var week = await _core.Get<AppointmentBook>().PatientWeekAsync(_actor.OrganizationId, _patientId, Wednesday, Ct);

        Assert.Equal(new DateOnly(2027, 1, 11), week.FirstDay);
        Assert.Equal([mine.Id, theirs.Id], week.Entries.Select(e => e.Appointment.Id));
        var names = (await _core.Get<PractitionerDirectory>().ListAsync(_actor.OrganizationId, Ct)).ToDictionary(p => p.Id, p => p.Name);
        Assert.All(week.Entries, e => Assert.Equal(names[e.Appointment.PractitionerId], e.PractitionerName));
    }

    [Fact]
    public async Task TheWeekOfAnUnknownClient_IsNotFound()
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => _core.Get<AppointmentBook>().PatientWeekAsync(_actor.OrganizationId, Guid.NewGuid(), Wednesday, Ct));

        Assert.Equal(DomainErrorKind.NotFound, refusal.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task Board_OfNoDaysOrMoreThanAWeek_IsRefused(int days)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => _core.Get<AppointmentBook>().BoardAsync(_actor.OrganizationId, Wednesday, days, Ct));

        Assert.Equal("invalid-range", refusal.Code);
    }

    private Task<AppointmentView> BookAsync(Guid practitionerId, int hour, int minutes, DateOnly? on = null)
    {
        var start = At(hour, on);
        return Scheduler.BookAsync(_actor, new BookingRequest(_patientId, practitionerId, _treatment.Id, start, start.AddMinutes(minutes)), cancellationToken: Ct);
    }

    private static DateTimeOffset At(int hour, DateOnly? on = null) => new((on ?? Wednesday).ToDateTime(new TimeOnly(hour, 0)), Est);

    private Task<AuthorizationBalance> BalanceAsync() => _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, _treatment.Id, Ct);
}
