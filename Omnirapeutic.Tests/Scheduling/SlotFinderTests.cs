using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Scheduling;

/// <summary>
/// Find a slot: soonest first, never over a busy practitioner or client, inside availability (or the calendar's
/// hours on weekdays when none is set), units and limits counted cumulatively, and every suggestion books as it is.
/// </summary>
public sealed class SlotFinderTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    /// <summary>A Wednesday; the clock stands at noon the day before.</summary>
    private static readonly DateOnly Wednesday = new(2027, 1, 13);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 12, 12, 0, 0, Est));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;
    private Guid _rbt;
    private AuthorizationBalance _treatment = null!;

    private SlotFinder Finder => _core.Get<SlotFinder>();

    private AppointmentScheduler Scheduler => _core.Get<AppointmentScheduler>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        _treatment = await _core.AddAuthorizationAsync(_actor, _patientId, 400, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task NoAvailabilityDefined_TenSlotsInTheCalendarsHours_SoonestFirst_AndEveryOneBooksAsItIs()
    {
        var suggestions = await Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(7)), Ct);

        Assert.Equal(SlotFinder.MaxSuggestions, suggestions.Count);
        Assert.Equal([7, 8, 9, 10, 11, 12, 13, 14, 15, 16], suggestions.Select(s => Local(s.Start).Hour));
        Assert.All(suggestions, s => Assert.Equal((Wednesday, _rbt, 4), (DateOnly.FromDateTime(Local(s.Start)), s.PractitionerId, s.Units)));
        foreach (var suggestion in suggestions)
        {
            var booked = await Scheduler.BookAsync(
                _actor, new BookingRequest(_patientId, suggestion.PractitionerId, _treatment.Id, suggestion.Start, suggestion.End, suggestion.PlaceOfService), cancellationToken: Ct);
            Assert.Equal((suggestion.Start, suggestion.Units), (booked.Start, booked.Units));
        }
    }

    [Fact]
    public async Task ABusyDay_YieldsTheNextFreeSlotsInOrder_NeverOverTheClientsOrThePractitionersSessions()
    {
        var otherRbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        var otherPatient = await _core.AddPatientAsync(_actor);
        var theirs = await _core.AddAuthorizationAsync(_actor, otherPatient, 400, ServiceCode.TreatmentByProtocol, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));
        await Scheduler.BookAsync(_actor, new BookingRequest(otherPatient, _rbt, theirs.Id, At(7), At(12)), cancellationToken: Ct);
        await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, otherRbt, _treatment.Id, At(13), At(15)), cancellationToken: Ct);

        var suggestions = await Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(2), practitionerId: _rbt), Ct);

        Assert.Equal(
            ["Wed 12:00", "Wed 15:00", "Wed 16:00", "Wed 17:00", "Wed 18:00", "Thu 07:00", "Thu 08:00", "Thu 09:00", "Thu 10:00", "Thu 11:00"],
            suggestions.Select(s => Local(s.Start).ToString("ddd HH:mm", CultureInfo.InvariantCulture)));
        Assert.All(suggestions.Zip(suggestions.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Fact]
    public async Task WorkingHoursTimeOffAndClientAvailability_BoundEverySuggestion()
    {
        var availability = _core.Get<AvailabilityDirectory>();
        await availability.SetWorkingHoursAsync(_actor, _rbt, [WeeklyWindow.Parse(DayOfWeek.Wednesday, "12:00", "20:00"), WeeklyWindow.Parse(DayOfWeek.Saturday, "09:00", "11:00")], Ct);
        await availability.AddTimeOffAsync(_actor, _rbt, At(16), At(17), null, Ct);
        await availability.SetClientAvailabilityAsync(_actor, _patientId, [WeeklyWindow.Parse(DayOfWeek.Wednesday, "14:00", "19:00"), WeeklyWindow.Parse(DayOfWeek.Saturday, "08:00", "12:00")], Ct);

        var suggestions = await Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(7), minutes: 90), Ct);

        Assert.Equal(["Wed 14:00", "Wed 17:00", "Sat 09:00"], suggestions.Select(s => Local(s.Start).ToString("ddd HH:mm", CultureInfo.InvariantCulture)));
        foreach (var suggestion in suggestions)
        {
            var preview = await Scheduler.PreviewAsync(_actor, new BookingRequest(_patientId, _rbt, _treatment.Id, suggestion.Start, suggestion.End), Ct);
            Assert.True(preview.CanBook);
            Assert.Empty(preview.Warnings);
        }
    }

    [Fact]
    public async Task UnitsAndDailyLimits_AreCountedAcrossTheSuggestions()
    {
        var small = await _core.Get<UnitLedger>().CreateAsync(_actor, new NewAuthorization(
            _patientId, ServiceCode.TreatmentByProtocol, $"A-{Guid.NewGuid():N}"[..20], new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30), 20, null, new UnitLimits(PerDay: 8)), cancellationToken: Ct);

        var suggestions = await Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(7)) with { AuthorizationId = small.Id }, Ct);

        Assert.Equal(["Wed 07:00", "Wed 08:00", "Thu 07:00", "Thu 08:00", "Fri 07:00"], suggestions.Select(s => Local(s.Start).ToString("ddd HH:mm", CultureInfo.InvariantCulture)));
        Assert.Equal(20, suggestions.Sum(s => s.Units));
    }

    [Fact]
    public async Task ThePractitionersWhoAlreadySeeTheClient_AreOfferedFirst()
    {
        var familiar = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        await Scheduler.BookAsync(_actor, new BookingRequest(_patientId, familiar, _treatment.Id, At(8, Wednesday.AddDays(1)), At(9, Wednesday.AddDays(1))), cancellationToken: Ct);

        var suggestions = await Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(2)), Ct);

        Assert.Equal(SlotFinder.MaxSuggestions, suggestions.Count);
        Assert.All(suggestions, s => Assert.Equal(familiar, s.PractitionerId));
    }

    [Fact]
    public async Task BadRequests_AreRefusedClearly()
    {
        var bcbaOnly = await _core.AddAuthorizationAsync(_actor, _patientId, 100, ServiceCode.ProtocolModification, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 30));

        var backwards = await Assert.ThrowsAsync<DomainException>(() => Finder.SuggestAsync(_actor, Request(At(10), At(9)), Ct));
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(40)), Ct));
        var noMinutes = await Assert.ThrowsAsync<DomainException>(() => Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(1), minutes: 0), Ct));
        var credential = await Assert.ThrowsAsync<DomainException>(() => Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(1), practitionerId: _rbt) with { AuthorizationId = bcbaOnly.Id }, Ct));
        var nobodyMayDeliver = await Finder.SuggestAsync(_actor, Request(At(0), At(0).AddDays(1)) with { AuthorizationId = bcbaOnly.Id }, Ct);

        Assert.Equal(("invalid-range", "invalid-range", "invalid-duration", "credential-not-allowed"), (backwards.Code, tooLong.Code, noMinutes.Code, credential.Code));
        Assert.Empty(nobodyMayDeliver);
    }

    private SlotRequest Request(DateTimeOffset from, DateTimeOffset to, int minutes = 60, Guid? practitionerId = null) =>
        new(_patientId, _treatment.Id, minutes, from, to, practitionerId);

    private static DateTimeOffset At(int hour, DateOnly? on = null) => new((on ?? Wednesday).ToDateTime(new TimeOnly(hour, 0)), Est);

    private static DateTime Local(DateTimeOffset instant) => instant.ToOffset(Est).DateTime;
}
