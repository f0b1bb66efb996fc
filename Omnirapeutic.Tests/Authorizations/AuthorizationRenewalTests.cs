using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

/// <summary>A renewal opens the next period's authorization and carries the sessions past its start over to it, all or none.</summary>
public sealed class AuthorizationRenewalTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateOnly CutOver = new(2027, 2, 1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 5, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    private AuthorizationDirectory Directory => _core.Get<AuthorizationDirectory>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Renew_WithThreeSessionsPastTheCutOver_MovesAllThree_CutsTheOldEndDate_AndBothBalancesAgreeWithTheLedger()
    {
        var old = await OpenAsync(200, new UnitLimits(PerDay: 8, PerWeek: null, PerMonth: null));
        var before = await Scheduler.BookAsync(_actor, Booking(old, new DateOnly(2027, 1, 13)), cancellationToken: Ct);
        var after = new List<AppointmentView>();
        foreach (var day in new[] { 3, 10, 17 })
        {
            after.Add(await Scheduler.BookAsync(_actor, Booking(old, new DateOnly(2027, 2, day)), cancellationToken: Ct));
        }

        await Ledger.ReserveAsync(_actor, old.Id, 2, new DateOnly(2027, 2, 20), cancellationToken: Ct);

        var successor = await Ledger.RenewAsync(_actor, old.Id, Renewal("NEXT-1", 300), cancellationToken: Ct);

        var oldNow = await Directory.GetAsync(_actor.OrganizationId, old.Id, Ct);
        Assert.Equal((AuthorizationStatus.Active, 300, 14, 0, old.Id), (successor.Status, successor.TotalUnits, successor.ScheduledUnits, successor.UsedUnits, successor.PredecessorId));
        Assert.Equal(old.Limits, successor.Limits);
        Assert.Equal((4, new DateOnly(2027, 1, 31), successor.Id), (oldNow.ScheduledUnits, oldNow.EndDate, oldNow.SuccessorId));
        await using (var db = await ContextAsync())
        {
            var sessions = await db.Appointments.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.AuthorizationId, Ct);
            Assert.Equal(old.Id, sessions[before.Id]);
            Assert.All(after, a => Assert.Equal(successor.Id, sessions[a.Id]));
            var audit = await db.AuditEvents.SingleAsync(e => e.Action == "authorization.renew", Ct);
            using var details = JsonDocument.Parse(audit.Details!);
            Assert.Equal((3, 2), (details.RootElement.GetProperty("sessionsMoved").GetInt32(), details.RootElement.GetProperty("reservedUnitsMoved").GetInt32()));
            Assert.Equal(3, await db.AuditEvents.CountAsync(e => e.Action == "appointment.move", Ct));
        }

        var oldHistory = await Directory.HistoryAsync(_actor.OrganizationId, old.Id, Ct);
        var newHistory = await Directory.HistoryAsync(_actor.OrganizationId, successor.Id, Ct);
        Assert.Equal(3, oldHistory.Count(l => l.Kind == LedgerEntryKind.Release && l.Reason == "Session moved to NEXT-1 (renewal)"));
        Assert.Equal(3, newHistory.Count(l => l.Kind == LedgerEntryKind.Reserve && l.Reason == $"Session moved from {old.AuthNumber} (renewal)"));
        Assert.Contains(newHistory, l => l.Kind == LedgerEntryKind.Reserve && l.Units == 2 && l.AppointmentId is null);
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));

        var late = await Scheduler.PreviewAsync(_actor, Booking(old, new DateOnly(2027, 2, 24)), Ct);
        Assert.Contains("outside-authorization-dates", late.Conflicts.Select(c => c.Code));
    }

    [Fact]
    public async Task Renew_IntoASuccessorTooSmallForTheSessions_ChangesNothing_AndNamesTheFirstSessionThatDoesNotFit()
    {
        var old = await OpenAsync(200);
        foreach (var day in new[] { 3, 10, 17 })
        {
            await Scheduler.BookAsync(_actor, Booking(old, new DateOnly(2027, 2, day)), cancellationToken: Ct);
        }

        var small = await Assert.ThrowsAsync<DomainException>(() => Ledger.RenewAsync(_actor, old.Id, Renewal("SMALL-1", 6), cancellationToken: Ct));
        var limited = await Assert.ThrowsAsync<DomainException>(() =>
            Ledger.RenewAsync(_actor, old.Id, Renewal("LIMITED-1", 300) with { Limits = new UnitLimits(PerDay: 3, PerWeek: null, PerMonth: null) }, cancellationToken: Ct));

        Assert.Equal((DomainErrorKind.Conflict, "insufficient-units"), (small.Kind, small.Code));
        Assert.StartsWith(
            $"3 sessions of authorization {old.AuthNumber} start on or after 2027-02-01, so none moved: the session of 2027-02-10 09:00 does not fit on SMALL-1.",
            small.Message);
        Assert.Equal("limit-exceeded", limited.Code);
        Assert.Contains("the session of 2027-02-03 09:00 does not fit on LIMITED-1", limited.Message);
        var all = await Directory.ListAsync(_actor.OrganizationId, cancellationToken: Ct);
        var unchanged = Assert.Single(all);
        Assert.Equal((old.EndDate, 12, (Guid?)null), (unchanged.EndDate, unchanged.ScheduledUnits, unchanged.SuccessorId));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Renew_IsRefused_BeforeACompletedSession_NotAfterTheOldStart_Twice_OrForADeniedAuthorization()
    {
        var old = await OpenAsync(200);
        var session = await Scheduler.BookAsync(_actor, Booking(old, new DateOnly(2027, 1, 13)), cancellationToken: Ct);
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 14, 12, 0, 0, Est));
        await Scheduler.CompleteAsync(_actor, session.Id, session.Start, session.End, cancellationToken: Ct);

        var beforeCompleted = await Assert.ThrowsAsync<DomainException>(() =>
            Ledger.RenewAsync(_actor, old.Id, Renewal("EARLY-1", 100) with { StartDate = new DateOnly(2027, 1, 10) }, cancellationToken: Ct));
        var notAfterStart = await Assert.ThrowsAsync<DomainException>(() =>
            Ledger.RenewAsync(_actor, old.Id, Renewal("SAME-1", 100) with { StartDate = old.StartDate }, cancellationToken: Ct));
        await Ledger.RenewAsync(_actor, old.Id, Renewal("NEXT-1", 100), cancellationToken: Ct);
        var twice = await Assert.ThrowsAsync<DomainException>(() => Ledger.RenewAsync(_actor, old.Id, Renewal("NEXT-2", 100), cancellationToken: Ct));
        var denied = await Ledger.CreateAsync(_actor, new NewAuthorization(
            _patientId, ServiceCode.TreatmentByProtocol, "ASKED-1", new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), 100, Status: AuthorizationStatus.Requested), cancellationToken: Ct);
        await Ledger.DenyAsync(_actor, denied.Id, "Not medically necessary", cancellationToken: Ct);
        var ofDenied = await Assert.ThrowsAsync<DomainException>(() => Ledger.RenewAsync(_actor, denied.Id, Renewal("NEXT-3", 100), cancellationToken: Ct));

        Assert.Equal((DomainErrorKind.Conflict, "units-used-after-cut-over"), (beforeCompleted.Kind, beforeCompleted.Code));
        Assert.Contains("were used on 2027-01-13", beforeCompleted.Message);
        Assert.Equal((DomainErrorKind.Invalid, "invalid-dates"), (notAfterStart.Kind, notAfterStart.Code));
        Assert.Equal("already-renewed", twice.Code);
        Assert.Equal("authorization-not-renewable", ofDenied.Code);
        Assert.Equal(3, (await Directory.ListAsync(_actor.OrganizationId, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Renew_AsRequested_WithTheOrganizationSchedulingOnlyOnApproved_MovesNoSessionOntoIt()
    {
        var old = await OpenAsync(200);
        await Scheduler.BookAsync(_actor, Booking(old, new DateOnly(2027, 2, 3)), cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Ledger.RenewAsync(_actor, old.Id, Renewal("PENDING-1", 300) with { Status = AuthorizationStatus.Requested }, cancellationToken: Ct));
        var requested = await Ledger.RenewAsync(_actor, old.Id, Renewal("PENDING-2", 300) with { Status = AuthorizationStatus.Requested, StartDate = new DateOnly(2027, 7, 1) }, cancellationToken: Ct);

        Assert.Equal("authorization-requested", refusal.Code);
        Assert.Equal((AuthorizationStatus.Requested, 0), (requested.Status, requested.ScheduledUnits));
        Assert.Equal((new DateOnly(2027, 6, 30), 4), ((await Directory.GetAsync(_actor.OrganizationId, old.Id, Ct)).EndDate, (await Directory.GetAsync(_actor.OrganizationId, old.Id, Ct)).ScheduledUnits));
    }

    [Fact]
    public async Task TwentyBookingsOnTheOldAuthorization_WhileARenewalRuns_EachLandOnTheRightSideOfTheCutOver_WithNoUnitLostOrCountedTwice()
    {
        var old = await OpenAsync(400);
        var days = Enumerable.Range(0, 40).Select(i => new DateOnly(2027, 1, 18).AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(20).ToList();
        var bookings = days.Select(day => Task.Run(async () =>
        {
            try
            {
                return (Day: day, Booked: await Scheduler.BookAsync(_actor, Booking(old, day), cancellationToken: Ct), Refusal: (string?)null);
            }
            catch (DomainException refusal)
            {
                return (Day: day, Booked: (AppointmentView?)null, Refusal: refusal.Code);
            }
        }, Ct)).ToList();
        var renewal = Task.Run(() => Ledger.RenewAsync(_actor, old.Id, Renewal("NEXT-1", 400), cancellationToken: Ct), Ct);

        var outcomes = await Task.WhenAll(bookings);
        var successor = await renewal;

        // A booking answered before the renewal names the old authorization and was moved; one after it past the cut-over
        // is refused, the old authorization now ending the day before.
        Assert.All(outcomes.Where(o => o.Day < CutOver), o => Assert.Equal(old.Id, o.Booked?.AuthorizationId));
        Assert.All(outcomes.Where(o => o.Day >= CutOver), o =>
            Assert.True(o.Booked?.AuthorizationId == old.Id || o.Refusal == "outside-authorization-dates", $"{o.Day}: {o.Booked?.AuthorizationId} {o.Refusal}"));
        await using var db = await ContextAsync();
        var sessions = await db.Appointments.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(outcomes.Where(o => o.Booked is not null).Select(o => o.Booked!.Id).Order(), sessions.Select(s => s.Id).Order());
        Assert.All(sessions, s => Assert.Equal(DateOnly.FromDateTime(s.StartAt.ToOffset(Est).DateTime) < CutOver ? old.Id : successor.Id, s.AuthorizationId));
        var balances = (await Directory.ListAsync(_actor.OrganizationId, cancellationToken: Ct)).ToDictionary(b => b.Id);
        Assert.Equal(sessions.Where(s => s.AuthorizationId == old.Id).Sum(s => s.Units), balances[old.Id].ScheduledUnits);
        Assert.Equal(sessions.Where(s => s.AuthorizationId == successor.Id).Sum(s => s.Units), balances[successor.Id].ScheduledUnits);
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task TheDatabase_RefusesASuccessorThatOverlapsItsPredecessor_AndAnEndDateBeforeUnitsItHolds()
    {
        var old = await OpenAsync(200);
        await Scheduler.BookAsync(_actor, Booking(old, new DateOnly(2027, 2, 10)), cancellationToken: Ct);
        var successor = await Ledger.RenewAsync(_actor, old.Id, Renewal("NEXT-1", 300), cancellationToken: Ct);
        await using var db = await ContextAsync();

        var overlap = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE authorizations SET end_date = {CutOver} WHERE id = {old.Id}", Ct));
        var unitsAfterEnd = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE authorizations SET end_date = {new DateOnly(2027, 2, 5)} WHERE id = {successor.Id}", Ct));

        Assert.Equal((PostgresErrorCodes.CheckViolation, "ck_authorizations_succession"), (overlap.SqlState, overlap.ConstraintName));
        Assert.Equal((PostgresErrorCodes.CheckViolation, "ck_authorizations_units_within_dates"), (unitsAfterEnd.SqlState, unitsAfterEnd.ConstraintName));
    }

    [Fact]
    public async Task ExtendSeries_BookedToTheOldEnd_IntoTheSuccessor_IsPreviewedThenBookedOnIt_AndBeforeTheRenewalNothingIsBooked()
    {
        var old = await OpenAsync(400, endDate: new DateOnly(2027, 2, 28));
        var series = await Scheduler.BookSeriesAsync(_actor, new SeriesRequest(
            _patientId, _rbt, old.Id, new DateOnly(2027, 2, 1), new TimeOnly(9, 0), 60, [DayOfWeek.Monday, DayOfWeek.Wednesday], Until: new DateOnly(2027, 2, 28)), cancellationToken: Ct);
        var seriesId = series[0].SeriesId!.Value;
        var until = new DateOnly(2027, 3, 14);

        var beforeRenewal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.ExtendSeriesAsync(_actor, seriesId, until, cancellationToken: Ct));
        var successor = await Ledger.RenewAsync(_actor, old.Id, new AuthorizationRenewal("NEXT-1", new DateOnly(2027, 3, 1), new DateOnly(2027, 8, 31), 300), cancellationToken: Ct);
        var preview = await Scheduler.PreviewExtensionAsync(_actor, seriesId, until, Ct);
        var extended = await Scheduler.ExtendSeriesAsync(_actor, seriesId, until, cancellationToken: Ct);
        var notLater = await Assert.ThrowsAsync<DomainException>(() => Scheduler.ExtendSeriesAsync(_actor, seriesId, until, cancellationToken: Ct));
        var missing = await Assert.ThrowsAsync<DomainException>(() => Scheduler.PreviewExtensionAsync(_actor, Guid.NewGuid(), until, Ct));

        Assert.Equal(8, series.Count);
        Assert.Equal("series-conflicts", beforeRenewal.Code);
        Assert.Contains("2027-03-01 09:00", beforeRenewal.Message);
        Assert.True(preview.CanBook);
        Assert.Equal(["2027-03-01", "2027-03-03", "2027-03-08", "2027-03-10"], preview.Occurrences.Select(o => $"{o.Start.ToOffset(Est):yyyy-MM-dd}"));
        Assert.All(preview.Occurrences, o => Assert.Equal((successor.Id, _rbt, 4), (o.AuthorizationId, o.PractitionerId, o.Units)));
        Assert.Equal(4, extended.Count);
        Assert.All(extended, a => Assert.Equal((successor.Id, (Guid?)seriesId, new TimeOnly(9, 0)), (a.AuthorizationId, a.SeriesId, TimeOnly.FromDateTime(a.Start.ToOffset(Est).DateTime))));
        Assert.Equal((16, 32), ((await Directory.GetAsync(_actor.OrganizationId, successor.Id, Ct)).ScheduledUnits, (await Directory.GetAsync(_actor.OrganizationId, old.Id, Ct)).ScheduledUnits));
        Assert.Equal(("invalid-series", DomainErrorKind.NotFound), (notLater.Code, missing.Kind));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    private Task<AuthorizationBalance> OpenAsync(int totalUnits, UnitLimits? limits = null, DateOnly? endDate = null) =>
        Ledger.CreateAsync(_actor, new NewAuthorization(
            _patientId, ServiceCode.TreatmentByProtocol, $"A-{Guid.NewGuid():N}"[..20], new DateOnly(2027, 1, 1), endDate ?? new DateOnly(2027, 6, 30), totalUnits, Limits: limits), cancellationToken: Ct);

    private static AuthorizationRenewal Renewal(string authNumber, int totalUnits) =>
        new(authNumber, CutOver, new DateOnly(2027, 7, 31), totalUnits);

    /// <summary>An hour from 09:00 in New York.</summary>
    private BookingRequest Booking(AuthorizationBalance authorization, DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), Est);
        return new BookingRequest(_patientId, _rbt, authorization.Id, start, start.AddHours(1));
    }

    private Task<OmnirapeuticDbContext> ContextAsync() =>
        _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, Ct);
}
