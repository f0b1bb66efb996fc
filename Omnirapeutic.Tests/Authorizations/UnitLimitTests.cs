using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

/// <summary>
/// Limits per day, week and month on top of the total, in the organization's time zone (New York here), weeks from
/// Sunday: checked by the lane with the period and the numbers, and held by the period rows' CHECKs.
/// </summary>
public sealed class UnitLimitTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 5, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task TwentyConcurrentHourLongBookings_OnAWeekLimitedTo8Units_BookExactlyTwo_AndTheNextWeekStillBooks()
    {
        var authorization = await OpenAsync(new UnitLimits(PerWeek: 8));
        var hours = Enumerable.Range(0, 5).SelectMany(day => Enumerable.Range(8, 4).Select(hour => At(2027, 1, 11 + day, hour))).ToList();

        var outcomes = await Task.WhenAll(hours.Select(async start =>
        {
            try
            {
                await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, start, start.AddHours(1)), cancellationToken: Ct);
                return "booked";
            }
            catch (DomainException refusal)
            {
                return refusal.Code;
            }
        }));
        var nextWeek = await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, At(2027, 1, 18, 9), At(2027, 1, 18, 10)), cancellationToken: Ct);

        Assert.Equal((2, 18), (outcomes.Count(o => o == "booked"), outcomes.Count(o => o == "limit-exceeded")));
        Assert.Equal(4, nextWeek.Units);
        Assert.Equal([(new DateOnly(2027, 1, 10), 8), (new DateOnly(2027, 1, 17), 4)], await WeeksAsync(authorization.Id));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task ABookingPastTheDailyLimit_IsRefusedNamingTheDayAndTheNumbers()
    {
        var authorization = await OpenAsync(new UnitLimits(PerDay: 6));
        await BookAsync(authorization, At(2027, 1, 13, 9));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => BookAsync(authorization, At(2027, 1, 13, 11)));
        var nextDay = await BookAsync(authorization, At(2027, 1, 14, 11));

        Assert.Equal((DomainErrorKind.Conflict, "limit-exceeded"), (refusal.Kind, refusal.Code));
        Assert.Equal("2027-01-13: 4 of 6 units used or scheduled; this session needs 4.", refusal.Message);
        Assert.Equal(4, nextDay.Units);
        Assert.Equal(8, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task ABookingPastTheMonthlyLimit_IsRefused_AndTheNextMonthBooks()
    {
        var authorization = await OpenAsync(new UnitLimits(PerMonth: 8));
        await BookAsync(authorization, At(2027, 1, 4, 9));
        await BookAsync(authorization, At(2027, 1, 29, 9));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => BookAsync(authorization, At(2027, 1, 31, 9)));
        await BookAsync(authorization, At(2027, 2, 1, 9));

        Assert.Equal("month of 2027-01: 8 of 8 units used or scheduled; this session needs 4.", refusal.Message);
        Assert.Equal(12, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task ASeriesThatPassesAWeeksLimit_IsRefusedAtThatOccurrenceAndSavesNothing_WhileOneAcrossTheWeekBoundaryBooks()
    {
        var authorization = await OpenAsync(new UnitLimits(PerWeek: 8));
        var mondayWednesdayFriday = new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday };
        var tooMany = new SeriesRequest(_patientId, _rbt, authorization.Id, new DateOnly(2027, 1, 11), new TimeOnly(9, 0), 60, mondayWednesdayFriday, null, 3);

        var preview = await Scheduler.PreviewSeriesAsync(_actor, tooMany, Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookSeriesAsync(_actor, tooMany, cancellationToken: Ct));
        var across = await Scheduler.BookSeriesAsync(
            _actor, tooMany with { FirstDate = new DateOnly(2027, 1, 15) }, cancellationToken: Ct);

        Assert.Equal([true, true, false], preview.Occurrences.Select(o => o.CanBook));
        Assert.Equal("limit-exceeded", preview.Occurrences[2].Conflicts.Single().Code);
        Assert.Equal((4, 8, 8), (preview.Occurrences[1].Periods.Single().Before, preview.Occurrences[1].Periods.Single().After, preview.Occurrences[2].Periods.Single().Before));
        Assert.Equal("series-conflicts", refusal.Code);
        Assert.Contains("2027-01-15 09:00: week of 2027-01-10: 8 of 8 units used or scheduled", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(3, across.Count);
        Assert.Equal([(new DateOnly(2027, 1, 10), 4), (new DateOnly(2027, 1, 17), 8)], await WeeksAsync(authorization.Id));
    }

    [Fact]
    public async Task DatedReserves_CountOnTheirDate_AndAReleaseTakesOnlyWhatItsDateHolds()
    {
        var authorization = await OpenAsync(new UnitLimits(PerDay: 5));
        var (monday, tuesday) = (new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12));
        await Ledger.ReserveAsync(_actor, authorization.Id, 3, monday, cancellationToken: Ct);

        var overTheDay = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 3, monday, cancellationToken: Ct));
        var wrongDay = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReleaseAsync(_actor, authorization.Id, 2, tuesday, cancellationToken: Ct));
        await Ledger.ReserveAsync(_actor, authorization.Id, 3, tuesday, cancellationToken: Ct);
        var released = await Ledger.ReleaseAsync(_actor, authorization.Id, 2, monday, cancellationToken: Ct);

        Assert.Equal("2027-01-11: 3 of 5 units used or scheduled; this change needs 3.", overTheDay.Message);
        Assert.Equal(("exceeds-scheduled", true), (wrongDay.Code, wrongDay.Message.Contains("0 units scheduled on 2027-01-12", StringComparison.Ordinal)));
        Assert.Equal(4, released.ScheduledUnits);
        await using var db = await ContextAsync();
        Assert.Equal([monday, tuesday, monday], await db.UnitLedger.Where(e => e.Kind != LedgerEntryKind.Adjust).OrderBy(e => e.Id).Select(e => e.ServiceDate).ToListAsync(Ct));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task AnUndatedReserve_CountsOnTodayInTheOrganizationsTimeZone()
    {
        _clock.SetUtcNow(new DateTimeOffset(2027, 1, 12, 3, 0, 0, TimeSpan.Zero));
        var authorization = await OpenAsync(new UnitLimits(PerDay: 5));

        await Ledger.ReserveAsync(_actor, authorization.Id, 5, cancellationToken: Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 1, new DateOnly(2027, 1, 11), cancellationToken: Ct));

        Assert.StartsWith("2027-01-11: 5 of 5", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoweringALimitBelowWhatAPeriodHolds_IsRefusedNamingIt_AndRaisingOrRemovingItRebuildsTheRows()
    {
        var authorization = await OpenAsync(UnitLimits.None);
        await BookAsync(authorization, At(2027, 1, 11, 9));
        await BookAsync(authorization, At(2027, 1, 12, 9));

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Ledger.AdjustAsync(_actor, authorization.Id, null, new UnitLimits(PerWeek: 6), "Payer's new contract", cancellationToken: Ct));
        var limited = await Ledger.AdjustAsync(_actor, authorization.Id, null, new UnitLimits(PerDay: 4, PerWeek: 12), "Payer's new contract", cancellationToken: Ct);
        var weeks = await WeeksAsync(authorization.Id);
        var third = await Assert.ThrowsAsync<DomainException>(() => BookAsync(authorization, At(2027, 1, 13, 9), 90));
        var unlimited = await Ledger.AdjustAsync(_actor, authorization.Id, 300, UnitLimits.None, "Limits lifted, more approved", cancellationToken: Ct);

        Assert.Equal((DomainErrorKind.Conflict, "limit-below-held"), (refusal.Kind, refusal.Code));
        Assert.Contains("week of 2027-01-10 holds 8 of 6", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(new UnitLimits(PerDay: 4, PerWeek: 12), limited.Limits);
        Assert.Equal([(new DateOnly(2027, 1, 10), 8)], weeks);
        Assert.Equal("2027-01-13: 0 of 4 units used or scheduled; this session needs 6.", third.Message);
        Assert.Equal((300, UnitLimits.None), (unlimited.TotalUnits, unlimited.Limits));
        Assert.Empty(await WeeksAsync(authorization.Id));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, 100_001)]
    public async Task ALimitOutsideOneTo100000_IsRefused(int? perDay, int? perWeek)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => OpenAsync(new UnitLimits(perDay, perWeek)));

        Assert.Equal((DomainErrorKind.Invalid, "invalid-limits"), (refusal.Kind, refusal.Code));
    }

    [Fact]
    public async Task ReschedulingToAnotherWeek_MovesTheUnitsBetweenTheWeeks_AndCancellingGivesThemBack()
    {
        var authorization = await OpenAsync(new UnitLimits(PerWeek: 4));
        var session = await BookAsync(authorization, At(2027, 1, 11, 9));

        var moved = await Scheduler.RescheduleAsync(_actor, session.Id, new RescheduleRequest(At(2027, 1, 19, 9), At(2027, 1, 19, 10), null), cancellationToken: Ct);
        await BookAsync(authorization, At(2027, 1, 12, 9));
        var weeks = await WeeksAsync(authorization.Id);
        await Scheduler.CancelAsync(_actor, moved.Id, "Family holiday", cancellationToken: Ct);

        Assert.Equal([(new DateOnly(2027, 1, 10), 4), (new DateOnly(2027, 1, 17), 4)], weeks);
        Assert.Equal([(new DateOnly(2027, 1, 10), 4), (new DateOnly(2027, 1, 17), 0)], await WeeksAsync(authorization.Id));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task APeriodRowChangedBehindTheLedgersBack_IsReportedByTheIntegrityCheck()
    {
        var authorization = await OpenAsync(new UnitLimits(PerWeek: 40));
        await BookAsync(authorization, At(2027, 1, 11, 9));
        await using var db = await ContextAsync();

        await db.Database.ExecuteSqlAsync($"UPDATE unit_periods SET scheduled_units = scheduled_units - 1 WHERE authorization_id = {authorization.Id} AND kind = 'Day'", Ct);
        var violation = Assert.Single(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));

        Assert.Contains(violation.Problems, p => p.StartsWith("2027-01-11: the day holds 3 scheduled", StringComparison.Ordinal));
        Assert.Contains(violation.Problems, p => p.StartsWith("Week of 2027-01-10: the row holds 4 scheduled and 0 used against 40, its days 3 and 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANewFirstDayOfTheWeek_RegroupsTheWeeks_AndIsRefusedWhileAWeekWouldPassItsLimit()
    {
        var authorization = await OpenAsync(new UnitLimits(PerWeek: 8));
        var payers = _core.Get<Omnirapeutic.Core.Payers.PayerDirectory>();
        var mondays = CoreServices.DefaultPayer with { WeekStartsOn = DayOfWeek.Monday };
        var friday = await BookAsync(authorization, At(2027, 1, 15, 9));
        await BookAsync(authorization, At(2027, 1, 16, 9));
        await BookAsync(authorization, At(2027, 1, 17, 9));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => payers.ChangeAsync(_actor, authorization.PayerId, mondays, Ct));
        var unchanged = await WeeksAsync(authorization.Id);
        await Scheduler.CancelAsync(_actor, friday.Id, "Moved to another plan", cancellationToken: Ct);
        var changed = await payers.ChangeAsync(_actor, authorization.PayerId, mondays, Ct);

        Assert.Equal("limit-exceeded", refusal.Code);
        Assert.Contains("week of 2027-01-11: 12 of 8", refusal.Message, StringComparison.Ordinal);
        Assert.Equal([(new DateOnly(2027, 1, 10), 8), (new DateOnly(2027, 1, 17), 4)], unchanged);
        Assert.Equal(DayOfWeek.Monday, changed.WeekStartsOn);
        Assert.Equal([(new DateOnly(2027, 1, 11), 8)], await WeeksAsync(authorization.Id));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task ChangingTheTimeZone_MovesEachScheduledSessionToItsNewLocalDay_CompletedOnesKeepTheirs_AndTheIntegrityCheckHolds()
    {
        var authorization = await OpenAsync(new UnitLimits(PerDay: 8));
        var done = await BookAsync(authorization, At(2027, 1, 4, 22));
        await Scheduler.CompleteAsync(_actor, done.Id, At(2027, 1, 4, 22), At(2027, 1, 4, 23), cancellationToken: Ct);
        await BookAsync(authorization, At(2027, 1, 13, 22));
        await BookAsync(authorization, At(2027, 1, 14, 9));

        var changed = await ChangeTimeZoneAsync("Europe/London");
        var refusal = await Assert.ThrowsAsync<DomainException>(() => BookAsync(authorization, new DateTimeOffset(2027, 1, 14, 16, 0, 0, TimeSpan.Zero), 15));

        Assert.Equal("Europe/London", changed.TimeZoneId);
        Assert.Equal(
            [(new DateOnly(2027, 1, 4), 0, 4), (new DateOnly(2027, 1, 13), 0, 0), (new DateOnly(2027, 1, 14), 8, 0)],
            await DaysAsync(authorization.Id));
        Assert.Equal("limit-exceeded", refusal.Code);
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
        await using var db = await ContextAsync();
        var moves = await db.UnitLedger.Where(e => e.Reason == "Time zone changed").OrderBy(e => e.Kind).Select(e => new { e.Kind, e.ServiceDate, e.Units }).ToListAsync(Ct);
        Assert.Equal(["Release 2027-01-13 4", "Reserve 2027-01-14 4"], moves.Select(m => $"{m.Kind} {m.ServiceDate:yyyy-MM-dd} {m.Units}"));
    }

    [Fact]
    public async Task ChangingTheTimeZone_WhenAMovedSessionWouldPassItsNewDaysLimit_IsRefusedNamingItAndChangesNothing()
    {
        var authorization = await OpenAsync(new UnitLimits(PerDay: 8));
        await BookAsync(authorization, At(2027, 1, 13, 22));
        await BookAsync(authorization, At(2027, 1, 14, 9));
        await BookAsync(authorization, At(2027, 1, 14, 11));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => ChangeTimeZoneAsync("Europe/London"));

        Assert.Equal((DomainErrorKind.Conflict, "limit-exceeded"), (refusal.Kind, refusal.Code));
        Assert.Equal(
            $"In Europe/London the session of 2027-01-13 22:00 on authorization {authorization.AuthNumber} falls on 2027-01-14: 2027-01-14: 8 of 8 units used or scheduled; this session needs 4.",
            refusal.Message);
        Assert.Equal("America/New_York", (await _core.Get<OrganizationDirectory>().GetSettingsAsync(_actor.OrganizationId, Ct)).TimeZoneId);
        Assert.Equal([(new DateOnly(2027, 1, 13), 4, 0), (new DateOnly(2027, 1, 14), 8, 0)], await DaysAsync(authorization.Id));
        Assert.Equal(12, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    private async Task<OrganizationSettings> ChangeTimeZoneAsync(string timeZoneId)
    {
        var settings = await _core.Get<OrganizationDirectory>().GetSettingsAsync(_actor.OrganizationId, Ct);
        return await _core.Get<OrganizationAdministration>().ChangeSettingsAsync(_actor, settings with { TimeZoneId = timeZoneId }, Ct);
    }

    private async Task<List<(DateOnly Day, int Scheduled, int Used)>> DaysAsync(Guid authorizationId)
    {
        await using var db = await ContextAsync();
        var days = await db.UnitPeriods.Where(p => p.AuthorizationId == authorizationId && p.Kind == PeriodKind.Day)
            .OrderBy(p => p.StartsOn).Select(p => new { p.StartsOn, p.ScheduledUnits, p.UsedUnits }).ToListAsync(Ct);
        return [.. days.Select(d => (d.StartsOn, d.ScheduledUnits, d.UsedUnits))];
    }

    private Task<AuthorizationBalance> OpenAsync(UnitLimits limits) =>
        Ledger.CreateAsync(_actor, new NewAuthorization(
            _patientId, ServiceCode.TreatmentByProtocol, $"A-{Guid.NewGuid():N}"[..20], new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), 400, null, limits), cancellationToken: Ct);

    private Task<AppointmentView> BookAsync(AuthorizationBalance authorization, DateTimeOffset start, int minutes = 60) =>
        Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, start, start.AddMinutes(minutes)), cancellationToken: Ct);

    private Task<AuthorizationBalance> BalanceAsync(Guid id) => _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, id, Ct);

    private async Task<List<(DateOnly StartsOn, int Held)>> WeeksAsync(Guid authorizationId)
    {
        await using var db = await ContextAsync();
        var weeks = await db.UnitPeriods.Where(p => p.AuthorizationId == authorizationId && p.Kind == PeriodKind.Week)
            .OrderBy(p => p.StartsOn).Select(p => new { p.StartsOn, Held = p.ScheduledUnits + p.UsedUnits }).ToListAsync(Ct);
        return [.. weeks.Select(w => (w.StartsOn, w.Held))];
    }

    private Task<OmnirapeuticDbContext> ContextAsync() =>
        _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, Ct);

    /// <summary>A wall-clock hour in New York (EST in January and February).</summary>
    private static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, Est);
}
