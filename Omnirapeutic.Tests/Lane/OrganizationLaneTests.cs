using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Lane;

/// <summary>One lane per organization: bookings and unit changes batched together, each judged on the state the batch has reached.</summary>
public sealed class OrganizationLaneTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    private static readonly DateOnly From = new(2027, 1, 1);
    private static readonly DateOnly To = new(2027, 6, 30);

    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_actor, _patientId) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Batch_OfBookingsThatOverlapEachOther_BooksTheFirstOfEachGroupInArrivalOrder()
    {
        var secondPatient = await _core.AddPatientAsync(_actor);
        var first = await TreatmentAsync(_patientId, 100);
        var second = await TreatmentAsync(secondPatient, 100);
        var (rbt1, rbt2) = (await _core.AddPractitionerAsync(_actor, Credential.RBT), await _core.AddPractitionerAsync(_actor, Credential.RBT));
        var scheduler = _core.Get<AppointmentScheduler>();
        BookingRequest[] requests =
        [
            new(_patientId, rbt1, first.Id, At(9, 0), At(10, 0)),
            new(secondPatient, rbt1, second.Id, At(9, 30), At(10, 30)),
            new(_patientId, rbt2, first.Id, At(9, 45), At(10, 15)),
            new(secondPatient, rbt2, second.Id, At(9, 0), At(10, 0)),
            new(_patientId, rbt1, first.Id, At(10, 0), At(11, 0)),
        ];

        await using var hold = await LaneHold.TakeAsync(_core.ConnectionString, _actor.OrganizationId, Ct);
        var opener = _core.Get<UnitLedger>().ReserveAsync(_actor, first.Id, 1, cancellationToken: Ct);
        await hold.WaitForWaitersAsync(1, Ct);
        var bookings = requests.Select(r => Outcome(scheduler.BookAsync(_actor, r, cancellationToken: Ct))).ToList();
        await hold.ReleaseAsync();
        await opener;

        Assert.Equal(
            ["booked", "practitioner-double-booked", "patient-double-booked", "booked", "booked"],
            await Task.WhenAll(bookings));
        Assert.Equal(1, await ScalarAsync($"SELECT count(DISTINCT xmin::text) FROM appointments WHERE organization_id = '{_actor.OrganizationId}'"));
        Assert.Equal((4 + 4, 4), (await ScheduledAsync(first.Id) - 1, await ScheduledAsync(second.Id)));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Batch_WhereACancellationFreesASlot_BooksItForTheNextRequestInTheSameTransaction()
    {
        var authorization = await TreatmentAsync(_patientId, 100);
        var rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        var scheduler = _core.Get<AppointmentScheduler>();
        var booked = await scheduler.BookAsync(_actor, new BookingRequest(_patientId, rbt, authorization.Id, At(9, 0), At(10, 0)), cancellationToken: Ct);

        await using var hold = await LaneHold.TakeAsync(_core.ConnectionString, _actor.OrganizationId, Ct);
        var opener = _core.Get<UnitLedger>().ReserveAsync(_actor, authorization.Id, 1, cancellationToken: Ct);
        await hold.WaitForWaitersAsync(1, Ct);
        var cancel = scheduler.CancelAsync(_actor, booked.Id, "Family moved it", cancellationToken: Ct);
        var again = scheduler.BookAsync(_actor, new BookingRequest(_patientId, rbt, authorization.Id, At(9, 0), At(10, 0)), cancellationToken: Ct);
        await hold.ReleaseAsync();
        await opener;

        Assert.Equal(AppointmentStatus.Cancelled, (await cancel).Status);
        Assert.Equal(AppointmentStatus.Scheduled, (await again).Status);
        Assert.Equal(4 + 1, await ScheduledAsync(authorization.Id));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Batch_WithABookingTheDatabaseRejects_AppliesEveryOtherBookingAndReserve()
    {
        var authorization = await TreatmentAsync(_patientId, 100);
        var (good, doomed) = (await _core.AddPractitionerAsync(_actor, Credential.RBT), await _core.AddPractitionerAsync(_actor, Credential.RBT));
        await ExecuteAsync($"""
            CREATE FUNCTION refuse_in_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER refuse_in_test BEFORE INSERT ON appointments FOR EACH ROW
                WHEN (NEW.practitioner_id = '{doomed}') EXECUTE FUNCTION refuse_in_test();
            """);
        using var isolated = new MetricRecorder(_core.Services, "omnirapeutic.ledger.batch.isolated");
        var scheduler = _core.Get<AppointmentScheduler>();
        var ledger = _core.Get<UnitLedger>();

        await using var hold = await LaneHold.TakeAsync(_core.ConnectionString, _actor.OrganizationId, Ct);
        var opener = ledger.ReserveAsync(_actor, authorization.Id, 1, cancellationToken: Ct);
        await hold.WaitForWaitersAsync(1, Ct);
        var before = scheduler.BookAsync(_actor, new BookingRequest(_patientId, good, authorization.Id, At(9, 0), At(10, 0)), cancellationToken: Ct);
        var failing = scheduler.BookAsync(_actor, new BookingRequest(_patientId, doomed, authorization.Id, At(11, 0), At(12, 0)), "doomed-key", Ct);
        var reserve = ledger.ReserveAsync(_actor, authorization.Id, 2, cancellationToken: Ct);
        var after = scheduler.BookAsync(_actor, new BookingRequest(_patientId, good, authorization.Id, At(13, 0), At(14, 0)), cancellationToken: Ct);
        await hold.ReleaseAsync();
        await opener;

        Assert.Equal(AppointmentStatus.Scheduled, (await before).Status);
        Assert.Equal(AppointmentStatus.Scheduled, (await after).Status);
        Assert.Equal(1 + 4 + 2, (await reserve).ScheduledUnits);
        Assert.IsNotType<DomainException>(await Assert.ThrowsAnyAsync<Exception>(() => failing));
        Assert.Equal(1, isolated.Total);
        Assert.Equal(1 + 4 + 2 + 4, await ScheduledAsync(authorization.Id));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task Batch_WithAChangeRefusedAfterItMovedUnits_KeepsTheOthersAndUndoesOnlyThatOne()
    {
        var authorization = await TreatmentAsync(_patientId, 100);
        var lane = _core.Get<OrganizationLane>();
        var ledger = _core.Get<UnitLedger>();
        var halfDone = new LaneCommand<AuthorizationBalance>(
            _actor, "test", null, reads => reads.Authorizations.Add(authorization.Id), (batch, _) =>
            {
                batch.Reserve(batch.Authorization(authorization.Id), 5, batch.Today);
                throw DomainException.Conflict("refused-midway", "A rule that spoke too late.");
            });

        await using var hold = await LaneHold.TakeAsync(_core.ConnectionString, _actor.OrganizationId, Ct);
        var opener = ledger.ReserveAsync(_actor, authorization.Id, 1, cancellationToken: Ct);
        await hold.WaitForWaitersAsync(1, Ct);
        var before = ledger.ReserveAsync(_actor, authorization.Id, 2, cancellationToken: Ct);
        var refused = lane.RunAsync(halfDone, Ct);
        var after = ledger.ReserveAsync(_actor, authorization.Id, 3, cancellationToken: Ct);
        await hold.ReleaseAsync();
        await opener;

        Assert.Equal(1 + 2, (await before).ScheduledUnits);
        Assert.Equal("refused-midway", (await Assert.ThrowsAsync<DomainException>(() => refused)).Code);
        Assert.Equal(1 + 2 + 3, (await after).ScheduledUnits);
        Assert.Equal(1 + 2 + 3, await ScheduledAsync(authorization.Id));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    [Fact]
    public async Task TwoNodes_BookingAndReservingOneOrganizationAtOnce_GrantExactlyTheUnitsWithoutGivingUp()
    {
        await using var other = _core.AnotherNode();
        var authorization = await TreatmentAsync(_patientId, 150);
        var practitioners = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            practitioners.Add(await _core.AddPractitionerAsync(_actor, Credential.RBT));
        }

        using var giveUpsHere = new MetricRecorder(_core.Services, "omnirapeutic.transaction.give_ups");
        using var giveUpsThere = new MetricRecorder(other.Services, "omnirapeutic.transaction.give_ups");
        // 120 quarter-hour sessions (1 unit each) of the one patient, 20 a day, 20 of them asked for on both nodes,
        // and 100 reserves of 1 unit: 240 requests for 150 units.
        var slots = Enumerable.Range(0, 120)
            .Select(k => new BookingRequest(_patientId, practitioners[k % 4], authorization.Id, At(8, 0, day: k / 20).AddMinutes(15 * (k % 20)), At(8, 15, day: k / 20).AddMinutes(15 * (k % 20))))
            .ToList();
        var nodes = new[] { _core, other };
        var bookings = slots.Select((slot, k) => (Slot: k, Answer: Outcome(nodes[k % 2].Get<AppointmentScheduler>().BookAsync(_actor, slot, cancellationToken: Ct))))
            .Concat(slots.Take(20).Select((slot, k) => (Slot: k, Answer: Outcome(nodes[(k + 1) % 2].Get<AppointmentScheduler>().BookAsync(_actor, slot, cancellationToken: Ct)))))
            .ToList();
        var reserves = Enumerable.Range(0, 100).Select(k => Outcome(nodes[k % 2].Get<UnitLedger>().ReserveAsync(_actor, authorization.Id, 1, cancellationToken: Ct))).ToList();

        var answers = await Task.WhenAll(bookings.Select(b => b.Answer).Concat(reserves));

        Assert.Equal((0, 0), (giveUpsHere.Total, giveUpsThere.Total));
        Assert.All(answers, a => Assert.Contains(a, new[] { "booked", "reserved", "insufficient-units", "practitioner-double-booked", "patient-double-booked" }));
        Assert.Equal(150, answers.Count(a => a is "booked" or "reserved"));
        Assert.Equal(150, await ScheduledAsync(authorization.Id));
        var bookedSlots = new List<int>();
        foreach (var (slot, answer) in bookings)
        {
            if (await answer == "booked")
            {
                bookedSlots.Add(slot);
            }
        }

        Assert.Equal(bookedSlots.Distinct().Count(), bookedSlots.Count);
        Assert.Equal(bookedSlots.Count, await ScalarAsync($"SELECT count(*) FROM appointments WHERE authorization_id = '{authorization.Id}'"));
        Assert.Equal(150, await ScalarAsync($"SELECT count(*) FROM unit_ledger_entries WHERE authorization_id = '{authorization.Id}' AND kind = 'Reserve'"));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    /// <summary>"booked", "reserved" or the refusal's code; anything else (a 503) fails the test where it is awaited.</summary>
    private static async Task<string> Outcome<T>(Task<T> change)
    {
        try
        {
            return (await change) switch
            {
                AppointmentView => "booked",
                AuthorizationBalance => "reserved",
                var other => throw new InvalidOperationException($"Unexpected answer {other}"),
            };
        }
        catch (DomainException refusal)
        {
            return refusal.Code;
        }
    }

    [Fact]
    public async Task Batch_WithATimeZoneChange_RunsItAlone_SoTheChangesAfterItCountOnTheirNewLocalDays()
    {
        var authorization = await TreatmentAsync(_patientId, 100);
        var rbt = await _core.AddPractitionerAsync(_actor, Credential.RBT);
        var settings = await _core.Get<OrganizationDirectory>().GetSettingsAsync(_actor.OrganizationId, Ct);

        await using var hold = await LaneHold.TakeAsync(_core.ConnectionString, _actor.OrganizationId, Ct);
        var opener = _core.Get<UnitLedger>().ReserveAsync(_actor, authorization.Id, 1, new DateOnly(2027, 1, 4), cancellationToken: Ct);
        await hold.WaitForWaitersAsync(1, Ct);
        var change = _core.Get<OrganizationAdministration>().ChangeSettingsAsync(_actor, settings with { TimeZoneId = "Europe/London" }, Ct);
        var late = _core.Get<AppointmentScheduler>().BookAsync(_actor, new BookingRequest(_patientId, rbt, authorization.Id, At(22, 30), At(23, 30)), cancellationToken: Ct);
        await hold.ReleaseAsync();
        await opener;

        Assert.Equal("Europe/London", (await change).TimeZoneId);
        var booked = await late;
        Assert.Equal(
            new DateOnly(2027, 1, 14),
            await ScalarDateAsync($"SELECT service_date FROM unit_ledger_entries WHERE appointment_id = '{booked.Id}'"));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    private Task<AuthorizationBalance> TreatmentAsync(Guid patientId, int total) =>
        _core.AddAuthorizationAsync(_actor, patientId, total, ServiceCode.TreatmentByProtocol, From, To);

    /// <summary>A wall-clock time in New York on Wednesday 2027-01-13, or <paramref name="day"/> days after it.</summary>
    private static DateTimeOffset At(int hour, int minute, int day = 0) => new DateTimeOffset(2027, 1, 13, hour, minute, 0, Est).AddDays(day);

    private async Task<int> ScheduledAsync(Guid authorizationId) =>
        (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, authorizationId, Ct)).ScheduledUnits;

    private async Task<DateOnly> ScalarDateAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (DateOnly)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
