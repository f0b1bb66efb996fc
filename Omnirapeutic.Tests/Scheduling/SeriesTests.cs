using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Scheduling;

public sealed class SeriesTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Book_AcrossTheSpringDaylightSavingChange_KeepsThreePmLocal()
    {
        var authorization = await AuthorizationAsync(200);

        var booked = await Scheduler.BookSeriesAsync(_actor, Series(authorization.Id, new DateOnly(2027, 3, 1), count: 6), cancellationToken: Ct);

        Assert.Equal(6, booked.Count);
        Assert.All(booked, a => Assert.Equal(new TimeOnly(15, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.Start, NewYork).DateTime)));
        Assert.Equal([20, 20, 20, 20, 19, 19], booked.Select(a => a.Start.UtcDateTime.Hour));
        Assert.Equal(
            [new DateOnly(2027, 3, 1), new(2027, 3, 3), new(2027, 3, 8), new(2027, 3, 10), new(2027, 3, 15), new(2027, 3, 17)],
            booked.Select(a => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.Start, NewYork).DateTime)));
        Assert.Single(booked.Select(a => a.SeriesId).Distinct());
        Assert.Equal(24, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Preview_ListsEveryOccurrenceWithItsConflictsAndTheBalanceAfterIt()
    {
        var authorization = await AuthorizationAsync(14);
        await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, Local(2027, 2, 3, 15), Local(2027, 2, 3, 16)), cancellationToken: Ct);

        var preview = await Scheduler.PreviewSeriesAsync(_actor, Series(authorization.Id, new DateOnly(2027, 2, 1), until: new DateOnly(2027, 2, 10)), Ct);

        Assert.Equal(4, preview.Occurrences.Count);
        Assert.Equal([6, 6, 2, 2], preview.Occurrences.Select(o => o.AvailableAfter));
        Assert.Empty(preview.Occurrences[0].Conflicts);
        Assert.Contains(preview.Occurrences[1].Conflicts, c => c.Code == "practitioner-double-booked");
        Assert.Contains(preview.Occurrences[3].Conflicts, c => c.Code == "insufficient-units");
        Assert.False(preview.CanBook);
        Assert.Equal(4, (await BalanceAsync(authorization.Id)).ScheduledUnits);
    }

    [Fact]
    public async Task Book_WhenAnyOccurrenceConflicts_BooksNone()
    {
        var authorization = await AuthorizationAsync(200);
        await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, _rbt, authorization.Id, Local(2027, 2, 10, 15), Local(2027, 2, 10, 16)), cancellationToken: Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Scheduler.BookSeriesAsync(_actor, Series(authorization.Id, new DateOnly(2027, 2, 1), count: 8), cancellationToken: Ct));

        Assert.Equal("series-conflicts", refusal.Code);
        Assert.Contains("1 of 8 sessions cannot be booked, so none was: 2027-02-10 15:00", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await BalanceAsync(authorization.Id)).ScheduledUnits);
        Assert.Single(await _core.Get<AppointmentBook>().ListAsync(_actor.OrganizationId, Local(2027, 2, 1, 0), Local(2027, 3, 1, 0), cancellationToken: Ct));
    }

    [Theory]
    [InlineData(0, 5, null)]
    [InlineData(60, null, null)]
    [InlineData(60, 0, null)]
    [InlineData(60, 105, null)]
    [InlineData(60, 3, "2027-03-01")]
    [InlineData(60, null, "2027-01-01")]
    public async Task Book_AnIllFormedSeries_IsInvalid(int minutes, int? count, string? until)
    {
        var authorization = await AuthorizationAsync(200);
        var request = Series(authorization.Id, new DateOnly(2027, 2, 1), count, until is null ? null : DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture)) with { DurationMinutes = minutes };

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Scheduler.BookSeriesAsync(_actor, request, cancellationToken: Ct));

        Assert.Equal((DomainErrorKind.Invalid, "invalid-series"), (refusal.Kind, refusal.Code));
    }

    [Fact]
    public async Task Week_ListsThePractitionersSessionsFromMondayToSundayLocal()
    {
        var authorization = await AuthorizationAsync(200);
        await Scheduler.BookSeriesAsync(_actor, Series(authorization.Id, new DateOnly(2027, 2, 1), count: 6), cancellationToken: Ct);

        var week = await _core.Get<AppointmentBook>().WeekAsync(_actor.OrganizationId, _rbt, new DateOnly(2027, 2, 10), Ct);

        Assert.Equal(new DateOnly(2027, 2, 8), week.Monday);
        Assert.Equal("America/New_York", week.TimeZoneId);
        Assert.Equal([Local(2027, 2, 8, 15), Local(2027, 2, 10, 15)], week.Appointments.Select(a => a.Start));
    }

    private SeriesRequest Series(Guid authorizationId, DateOnly first, int? count = null, DateOnly? until = null) =>
        new(_patientId, _rbt, authorizationId, first, new TimeOnly(15, 0), 60, [DayOfWeek.Monday, DayOfWeek.Wednesday], until, count);

    private Task<AuthorizationBalance> AuthorizationAsync(int total) =>
        _core.AddAuthorizationAsync(_actor, _patientId, total, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));

    private static DateTimeOffset Local(int year, int month, int day, int hour)
    {
        var local = new DateTime(year, month, day, hour, 0, 0);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local)).ToUniversalTime();
    }

    private Task<AuthorizationBalance> BalanceAsync(Guid id) => _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, id, Ct);
}
