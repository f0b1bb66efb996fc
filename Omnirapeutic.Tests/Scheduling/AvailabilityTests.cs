using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Scheduling;

/// <summary>
/// Working hours, time off and client availability: a booking outside them warns in the preview and books only when
/// acknowledged; where nobody defined any there is no warning; the database refuses overlapping windows.
/// </summary>
public sealed class AvailabilityTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    /// <summary>A Wednesday.</summary>
    private static readonly DateOnly Wednesday = new(2027, 1, 13);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;
    private AuthorizationBalance _treatment = null!;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private AvailabilityDirectory Availability => _core.Get<AvailabilityDirectory>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        _treatment = await _core.AddAuthorizationAsync(_actor, _patientId, 100, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task NothingDefined_NoWarning_EvenAtSixOnASaturday()
    {
        var preview = await Scheduler.PreviewAsync(_actor, Booking(At(6, Wednesday.AddDays(3)), 60), Ct);

        Assert.True(preview.CanBook);
        Assert.Empty(preview.Warnings);
    }

    [Fact]
    public async Task OutsideWorkingHours_Warns_IsRefusedUnacknowledged_AndBooksAcknowledged()
    {
        await Availability.SetWorkingHoursAsync(_actor, _rbt, Weekdays(9, 17), Ct);

        var inside = await Scheduler.PreviewAsync(_actor, Booking(At(16), 60), Ct);
        var evening = await Scheduler.PreviewAsync(_actor, Booking(At(17), 60), Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookAsync(_actor, Booking(At(17), 60), cancellationToken: Ct));
        var unchanged = await BalanceAsync();
        var booked = await Scheduler.BookAsync(_actor, Booking(At(17), 60) with { AcknowledgeWarnings = true }, cancellationToken: Ct);

        Assert.Empty(inside.Warnings);
        var warning = Assert.Single(evening.Warnings);
        Assert.True(evening.CanBook);
        Assert.Equal("outside-working-hours", warning.Code);
        Assert.Contains("Wednesday 09:00–17:00", warning.Message, StringComparison.Ordinal);
        Assert.Equal(AppointmentScheduler.WarningsNotAcknowledged, refusal.Code);
        Assert.Equal(0, unchanged.ScheduledUnits);
        Assert.Equal(4, booked.Units);
        Assert.Equal(4, (await BalanceAsync()).ScheduledUnits);
    }

    [Fact]
    public async Task TimeOff_WarnsWithoutWorkingHours_AndAnOverlappingStretchIsRefused()
    {
        await Availability.AddTimeOffAsync(_actor, _rbt, At(12), At(14), "Dentist", Ct);

        var during = await Scheduler.PreviewAsync(_actor, Booking(At(13), 30), Ct);
        var after = await Scheduler.PreviewAsync(_actor, Booking(At(14), 60), Ct);
        var overlap = await Assert.ThrowsAsync<DomainException>(() => Availability.AddTimeOffAsync(_actor, _rbt, At(13), At(15), null, Ct));

        Assert.Equal("practitioner-time-off", Assert.Single(during.Warnings).Code);
        Assert.Contains("is off from 2027-01-13 12:00 to 2027-01-13 14:00", during.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Empty(after.Warnings);
        Assert.Equal("time-off-overlap", overlap.Code);
        Assert.Single((await Availability.PractitionerAsync(_actor.OrganizationId, _rbt, Ct)).TimeOff);
    }

    [Fact]
    public async Task OutsideClientAvailability_Warns_AndASessionInsideItDoesNot()
    {
        await Availability.SetClientAvailabilityAsync(_actor, _patientId, Weekdays(15, 19), Ct);

        var school = await Scheduler.PreviewAsync(_actor, Booking(At(10), 60), Ct);
        var afterSchool = await Scheduler.PreviewAsync(_actor, Booking(At(15), 120), Ct);

        Assert.Equal("outside-client-availability", Assert.Single(school.Warnings).Code);
        Assert.Empty(afterSchool.Warnings);
    }

    [Fact]
    public async Task Reschedule_OutsideWorkingHours_WarnsInThePreview_AndMovesOnlyAcknowledged()
    {
        var session = await Scheduler.BookAsync(_actor, Booking(At(10), 60), cancellationToken: Ct);
        await Availability.SetWorkingHoursAsync(_actor, _rbt, Weekdays(9, 17), Ct);
        var late = new RescheduleRequest(At(18), At(19));

        var preview = await Scheduler.PreviewRescheduleAsync(_actor, session.Id, late, Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.RescheduleAsync(_actor, session.Id, late, cancellationToken: Ct));
        var moved = await Scheduler.RescheduleAsync(_actor, session.Id, late with { AcknowledgeWarnings = true }, cancellationToken: Ct);

        Assert.Equal("outside-working-hours", Assert.Single(preview.Proposed.Warnings).Code);
        Assert.Equal(AppointmentScheduler.WarningsNotAcknowledged, refusal.Code);
        Assert.Equal(At(18), moved.Start);
    }

    [Fact]
    public async Task Series_WithAnOccurrenceOutsideWorkingHours_BooksNoneUnacknowledged_AndAllAcknowledged()
    {
        await Availability.SetWorkingHoursAsync(_actor, _rbt, [WeeklyWindow.Parse(DayOfWeek.Wednesday, "09:00", "17:00")], Ct);
        var series = new SeriesRequest(_patientId, _rbt, _treatment.Id, Wednesday, new TimeOnly(10, 0), 60, [DayOfWeek.Wednesday, DayOfWeek.Thursday], Count: 4);

        var preview = await Scheduler.PreviewSeriesAsync(_actor, series, Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookSeriesAsync(_actor, series, cancellationToken: Ct));
        var unchanged = await BalanceAsync();
        var booked = await Scheduler.BookSeriesAsync(_actor, series with { AcknowledgeWarnings = true }, cancellationToken: Ct);

        Assert.Equal([0, 1, 0, 1], preview.Occurrences.Select(o => o.Warnings.Count));
        Assert.Equal(AppointmentScheduler.WarningsNotAcknowledged, refusal.Code);
        Assert.StartsWith("2 of 4 sessions fall outside someone's availability", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, unchanged.ScheduledUnits);
        Assert.Equal(4, booked.Count);
    }

    [Fact]
    public async Task OverlappingWindows_AreRefusedByTheDomain_AndByTheDatabase()
    {
        var overlapping = new[] { WeeklyWindow.Parse(DayOfWeek.Monday, "09:00", "12:00"), WeeklyWindow.Parse(DayOfWeek.Monday, "11:00", "13:00") };

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Availability.SetWorkingHoursAsync(_actor, _rbt, overlapping, Ct));
        await Availability.SetWorkingHoursAsync(_actor, _rbt, [overlapping[0]], Ct);
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        var constraint = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
            $"INSERT INTO working_hours (id, organization_id, practitioner_id, day, from_minute, to_minute) VALUES ({Guid.NewGuid()}, {_actor.OrganizationId}, {_rbt}, 'Monday', 660, 780)",
            Ct));
        var badDay = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync(
            $"INSERT INTO client_availability (id, organization_id, patient_id, day, from_minute, to_minute) VALUES ({Guid.NewGuid()}, {_actor.OrganizationId}, {_patientId}, 'Funday', 600, 660)",
            Ct));

        Assert.Equal("invalid-availability", refusal.Code);
        Assert.Equal(("ex_working_hours_overlap", "ck_client_availability_window"), (constraint.ConstraintName, badDay.ConstraintName));
        Assert.Equal([overlapping[0]], (await Availability.PractitionerAsync(_actor.OrganizationId, _rbt, Ct)).Weekly);
    }

    [Fact]
    public async Task TheCalendarsRead_TheWeeksAvailability()
    {
        await Availability.SetWorkingHoursAsync(_actor, _rbt, Weekdays(9, 17), Ct);
        await Availability.AddTimeOffAsync(_actor, _rbt, At(12), At(13), null, Ct);
        await Availability.SetClientAvailabilityAsync(_actor, _patientId, Weekdays(15, 19), Ct);
        var book = _core.Get<AppointmentBook>();

        var week = await book.CalendarAsync(_actor.OrganizationId, _rbt, Wednesday, Ct);
        var client = await book.PatientWeekAsync(_actor.OrganizationId, _patientId, Wednesday, Ct);
        var board = await book.BoardAsync(_actor.OrganizationId, Wednesday, 1, Ct);

        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(["09:00–12:00", "13:00–17:00"], week.Availability.On(Wednesday, zone).Select(w => $"{w.From}–{w.To}"));
        Assert.Equal(["15:00–19:00"], client.Availability.On(Wednesday, zone).Select(w => $"{w.From}–{w.To}"));
        Assert.Empty(board.Availability.Practitioner(_rbt).On(Wednesday.AddDays(3), zone));
    }

    [Theory]
    [InlineData("9:00", "17:00")]
    [InlineData("09:00", "24:01")]
    [InlineData("17:00", "09:00")]
    [InlineData("noon", "13:00")]
    public void AWindowThatIsNotHHmmToALaterHHmm_IsRefused(string from, string to) =>
        Assert.Equal("invalid-availability", Assert.Throws<DomainException>(() => WeeklyWindow.Parse(DayOfWeek.Monday, from, to)).Code);

    [Fact]
    public void Covers_RunsAcrossMidnight_WhenOneDayEndsAt24AndTheNextStartsAt0_AndTimeOffCutsAWindow()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var nights = new AvailabilityPlan([WeeklyWindow.Parse(DayOfWeek.Wednesday, "20:00", "24:00"), WeeklyWindow.Parse(DayOfWeek.Thursday, "00:00", "02:00")], []);
        var withTimeOff = new AvailabilityPlan([WeeklyWindow.Parse(DayOfWeek.Wednesday, "09:00", "17:00")], [new Interval(At(12), At(13))]);

        Assert.True(nights.Covers(At(23), At(23).AddHours(2), zone));
        Assert.False(nights.Covers(At(23), At(23).AddHours(4), zone));
        Assert.Equal(["09:00–12:00", "13:00–17:00"], withTimeOff.On(Wednesday, zone).Select(w => $"{w.From}–{w.To}"));
        Assert.False(withTimeOff.Covers(At(11), At(13), zone));
        Assert.True(withTimeOff.Covers(At(13), At(17), zone));
    }

    [Fact]
    public void Covers_InTheHourAFallBackChangeRepeats_Ends()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var early = new AvailabilityPlan([WeeklyWindow.Parse(DayOfWeek.Sunday, "00:00", "01:30"), WeeklyWindow.Parse(DayOfWeek.Sunday, "02:00", "03:00")], []);
        var repeated = new DateTimeOffset(2027, 11, 7, 1, 15, 0, TimeSpan.FromHours(-5));

        Assert.True(early.Covers(repeated, repeated.AddMinutes(10), zone));
        Assert.False(early.Covers(repeated, repeated.AddMinutes(30), zone));
    }

    [Fact]
    public void Covers_OnASpringForwardDay_EndsAtTheWindowsEnd()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var night = new AvailabilityPlan([WeeklyWindow.Parse(DayOfWeek.Sunday, "00:00", "03:00")], []);
        var one = new DateTimeOffset(2027, 3, 14, 1, 0, 0, TimeSpan.FromHours(-5));

        Assert.True(night.Covers(one, one.AddHours(1), zone));
        Assert.False(night.Covers(one, one.AddMinutes(90), zone));
    }

    [Fact]
    public async Task AMoveThatKeepsItsTimeAndPractitioner_WarnsOfNothing()
    {
        var session = await Scheduler.BookAsync(_actor, Booking(At(18), 60) with { AcknowledgeWarnings = true }, cancellationToken: Ct);
        await Availability.SetWorkingHoursAsync(_actor, _rbt, Weekdays(9, 17), Ct);

        var samePlace = await Scheduler.PreviewRescheduleAsync(_actor, session.Id, new RescheduleRequest(At(18), At(19), PlaceOfService: "12"), Ct);
        var later = await Scheduler.PreviewRescheduleAsync(_actor, session.Id, new RescheduleRequest(At(18).AddMinutes(15), At(19).AddMinutes(15)), Ct);
        var moved = await Scheduler.RescheduleAsync(_actor, session.Id, new RescheduleRequest(At(18), At(19), PlaceOfService: "12"), cancellationToken: Ct);

        Assert.Empty(samePlace.Proposed.Warnings);
        Assert.Equal("outside-working-hours", Assert.Single(later.Proposed.Warnings).Code);
        Assert.Equal("12", moved.PlaceOfService);
    }

    private BookingRequest Booking(DateTimeOffset start, int minutes) => new(_patientId, _rbt, _treatment.Id, start, start.AddMinutes(minutes));

    private static List<WeeklyWindow> Weekdays(int fromHour, int toHour) =>
        [.. Enumerable.Range(1, 5).Select(day => new WeeklyWindow((DayOfWeek)day, fromHour * 60, toHour * 60))];

    private static DateTimeOffset At(int hour, DateOnly? on = null) => new((on ?? Wednesday).ToDateTime(new TimeOnly(hour, 0)), Est);

    private Task<AuthorizationBalance> BalanceAsync() => _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, _treatment.Id, Ct);
}
