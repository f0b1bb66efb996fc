using Npgsql;
using Omnirapeutic.Core.Data.Configurations;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Data;

/// <summary>
/// Raw SQL past the domain: the database itself refuses what must never happen, whatever the code does.
/// </summary>
public sealed class DatabaseConstraintTests(PostgresServer postgres) : IAsyncLifetime
{
    private NpgsqlConnection _connection = null!;
    private RawClinic _clinic = null!;

    public async ValueTask InitializeAsync()
    {
        _connection = new NpgsqlConnection(await postgres.CreateMigratedDatabaseAsync());
        await _connection.OpenAsync();
        _clinic = await RawClinic.CreateAsync(_connection);
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    [Theory]
    [InlineData("used_units = -1", "ck_authorizations_used_units_nonnegative")]
    [InlineData("scheduled_units = -1", "ck_authorizations_scheduled_units_nonnegative")]
    [InlineData("used_units = 30, scheduled_units = 21", "ck_authorizations_within_total")]
    [InlineData("scheduled_units = 51", "ck_authorizations_within_total")]
    [InlineData("total_units = 0", "ck_authorizations_total_units_positive")]
    [InlineData("end_date = start_date - 1", "ck_authorizations_dates")]
    [InlineData("end_date = DATE '9999-12-31'", "ck_authorizations_service_date_range")]
    [InlineData("start_date = DATE '0001-01-01'", "ck_authorizations_service_date_range")]
    public async Task UpdateAuthorization_BreakingTheUnitInvariant_IsRefused(string assignment, string constraint)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.ExecuteAsync($"UPDATE authorizations SET {assignment} WHERE id = @id", ("id", _clinic.AuthorizationId)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(constraint, error.ConstraintName);
        Assert.Equal((0L, 0L), await _clinic.CountersAsync());
    }

    [Fact]
    public async Task ScheduledUnits_GrowOnlyOnAnActiveAuthorization_OrARequestedOneWhereTheOrganizationAllowsIt()
    {
        var id = ("id", (object)_clinic.AuthorizationId);
        await _clinic.ExecuteAsync("UPDATE authorizations SET status = 'Requested' WHERE id = @id", id);

        var requested = await Assert.ThrowsAsync<PostgresException>(() => _clinic.ExecuteAsync("UPDATE authorizations SET scheduled_units = 4 WHERE id = @id", id));
        await _clinic.ExecuteAsync("UPDATE organizations SET allow_scheduling_on_requested = true WHERE id = @org", ("org", _clinic.OrganizationId));
        await _clinic.ExecuteAsync("UPDATE authorizations SET scheduled_units = 4 WHERE id = @id", id);
        await _clinic.ExecuteAsync("UPDATE authorizations SET status = 'Denied' WHERE id = @id", id);
        var denied = await Assert.ThrowsAsync<PostgresException>(() => _clinic.ExecuteAsync("UPDATE authorizations SET scheduled_units = 5 WHERE id = @id", id));
        await _clinic.ExecuteAsync("UPDATE authorizations SET scheduled_units = 0 WHERE id = @id", id);
        var status = await Assert.ThrowsAsync<PostgresException>(() => _clinic.ExecuteAsync("UPDATE authorizations SET status = 'Expired' WHERE id = @id", id));

        Assert.All([requested, denied], e => Assert.Equal((PostgresErrorCodes.CheckViolation, "ck_authorizations_schedulable"), (e.SqlState, e.ConstraintName)));
        Assert.Equal("ck_authorizations_status", status.ConstraintName);
        Assert.Equal((0L, 0L), await _clinic.CountersAsync());
    }

    [Fact]
    public async Task UpdateAuthorization_UsingEveryUnit_IsAllowed()
    {
        await _clinic.ExecuteAsync("UPDATE authorizations SET used_units = 30, scheduled_units = 20 WHERE id = @id", ("id", _clinic.AuthorizationId));

        Assert.Equal((30L, 20L), await _clinic.CountersAsync());
    }

    [Theory]
    [InlineData("Reserve", 0, 0, "ck_unit_ledger_entries_units_positive")]
    [InlineData("Release", -3, 0, "ck_unit_ledger_entries_units_positive")]
    [InlineData("Reserve", 3, 3, "ck_unit_ledger_entries_total_delta")]
    [InlineData("Adjust", 3, 5, "ck_unit_ledger_entries_total_delta")]
    public async Task InsertLedgerEntry_WithBadUnits_IsRefused(string kind, int units, int totalDelta, string constraint)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _clinic.InsertLedgerEntryAsync(kind, units, totalDelta));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(constraint, error.ConstraintName);
    }

    [Theory]
    [InlineData("'Week', '2026-03-01', 9, 0, 8", "ck_unit_periods_within_limit")]
    [InlineData("'Day', '2026-03-02', 3, 3, 5", "ck_unit_periods_within_limit")]
    [InlineData("'Day', '2026-03-02', -1, 0, NULL", "ck_unit_periods_units_nonnegative")]
    [InlineData("'Week', '2026-03-01', 1, 0, NULL", "ck_unit_periods_weeks_and_months_limited")]
    [InlineData("'Month', '2026-03-02', 1, 0, 10", "ck_unit_periods_month_starts")]
    public async Task InsertPeriodRow_PastItsLimitOrMalformed_IsRefused(string values, string constraint)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _clinic.ExecuteAsync(
            $"INSERT INTO unit_periods (organization_id, authorization_id, kind, starts_on, scheduled_units, used_units, limit_units) VALUES (@org, @auth, {values})",
            ("org", _clinic.OrganizationId), ("auth", _clinic.AuthorizationId)));

        Assert.Equal((PostgresErrorCodes.CheckViolation, constraint), (error.SqlState, error.ConstraintName));
    }

    [Fact]
    public async Task UpdatePeriodRow_PastItsLimit_IsRefused()
    {
        await _clinic.ExecuteAsync(
            "INSERT INTO unit_periods (organization_id, authorization_id, kind, starts_on, scheduled_units, used_units, limit_units) VALUES (@org, @auth, 'Week', '2026-03-01', 6, 2, 8)",
            ("org", _clinic.OrganizationId), ("auth", _clinic.AuthorizationId));

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.ExecuteAsync("UPDATE unit_periods SET scheduled_units = scheduled_units + 1 WHERE authorization_id = @auth", ("auth", _clinic.AuthorizationId)));

        Assert.Equal("ck_unit_periods_within_limit", error.ConstraintName);
        Assert.Equal(8L, await _clinic.ScalarAsync("SELECT scheduled_units + used_units FROM unit_periods WHERE authorization_id = @auth", ("auth", _clinic.AuthorizationId)));
    }

    [Theory]
    [InlineData("Adjust", 5, -5)]
    [InlineData("Reserve", 4, 0)]
    public async Task InsertLedgerEntry_WithPositiveUnits_IsAllowed(string kind, int units, int totalDelta)
    {
        await _clinic.InsertLedgerEntryAsync(kind, units, totalDelta);

        Assert.Equal(1L, await _clinic.ScalarAsync("SELECT count(*) FROM unit_ledger_entries WHERE kind = @kind", ("kind", kind)));
    }

    [Theory]
    [InlineData("Scheduled", "Scheduled")]
    [InlineData("Scheduled", "Completed")]
    [InlineData("Completed", "Scheduled")]
    public async Task InsertAppointment_OverlappingAnActiveOneOfThePractitioner_IsRefused(string firstStatus, string secondStatus)
    {
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", firstStatus);

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:45Z", "2026-03-02 16:30Z", secondStatus));

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, error.SqlState);
        Assert.Equal(AppointmentConfiguration.PractitionerOverlapConstraint, error.ConstraintName);
    }

    [Fact]
    public async Task UpdateAppointment_ReactivatingIntoAnOverlap_IsRefused()
    {
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Cancelled");
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled");

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.ExecuteAsync("UPDATE appointments SET status = 'Scheduled' WHERE status = 'Cancelled'"));

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, error.SqlState);
    }

    [Theory]
    [InlineData("Cancelled")]
    [InlineData("NoShow")]
    public async Task InsertAppointment_OverlappingAnInactiveOne_IsAllowed(string inactiveStatus)
    {
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", inactiveStatus);

        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled");

        Assert.Equal(2L, await _clinic.ScalarAsync("SELECT count(*) FROM appointments"));
    }

    [Fact]
    public async Task InsertAppointment_BackToBackOrCancelled_IsAllowed()
    {
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled");

        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 16:00Z", "2026-03-02 17:00Z", "Scheduled");
        await _clinic.InsertAppointmentAsync(_clinic.OtherPractitionerId, "2026-03-02 15:30Z", "2026-03-02 16:30Z", "Cancelled");

        Assert.Equal(3L, await _clinic.ScalarAsync("SELECT count(*) FROM appointments"));
    }

    [Fact]
    public async Task InsertAppointment_OverlappingThePatientsSessionOfTheSameCode_IsRefusedByThePayersRule()
    {
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled");

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.InsertAppointmentAsync(_clinic.OtherPractitionerId, "2026-03-02 15:30Z", "2026-03-02 16:30Z", "Scheduled"));

        Assert.Equal((PostgresErrorCodes.ExclusionViolation, "ex_appointments_patient_overlap"), (error.SqlState, error.ConstraintName));
        Assert.Equal(1L, await _clinic.ScalarAsync("SELECT count(*) FROM appointments"));
    }

    [Theory]
    [InlineData("UPDATE appointments SET start_at = '2026-03-02 17:00Z', end_at = '2026-03-02 18:00Z' WHERE practitioner_id = @first")]
    [InlineData("UPDATE appointments SET status = 'Cancelled' WHERE practitioner_id = @first")]
    public async Task PatientsSessions_OverlappingOnlyBeforeALaterChangeInTheSameTransaction_AreAllowed(string laterChange)
    {
        await using (var transaction = await _connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled");
            await _clinic.InsertAppointmentAsync(_clinic.OtherPractitionerId, "2026-03-02 15:30Z", "2026-03-02 16:30Z", "Scheduled");
            await _clinic.ExecuteAsync(laterChange, ("first", _clinic.PractitionerId));
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(2L, await _clinic.ScalarAsync("SELECT count(*) FROM appointments"));
    }

    [Fact]
    public async Task PatientsSessions_MovedIntoAnOverlapLaterInTheSameTransaction_AreRefused()
    {
        await using var transaction = await _connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 13:00Z", "2026-03-02 14:00Z", "Scheduled");
        await _clinic.InsertAppointmentAsync(_clinic.OtherPractitionerId, "2026-03-02 15:30Z", "2026-03-02 16:30Z", "Scheduled");
        await _clinic.ExecuteAsync(
            "UPDATE appointments SET start_at = '2026-03-02 15:00Z', end_at = '2026-03-02 16:00Z' WHERE practitioner_id = @first", ("first", _clinic.PractitionerId));

        var error = await Assert.ThrowsAsync<PostgresException>(() => transaction.CommitAsync(TestContext.Current.CancellationToken));

        Assert.Equal((PostgresErrorCodes.ExclusionViolation, "ex_appointments_patient_overlap"), (error.SqlState, error.ConstraintName));
    }

    [Theory]
    [InlineData("2026-03-02 16:00Z", "2026-03-02 15:00Z", 4, "ck_appointments_times")]
    [InlineData("2026-03-02 15:00Z", "2026-03-02 16:00Z", 0, "ck_appointments_units_positive")]
    public async Task InsertAppointment_WithBadTimesOrUnits_IsRefused(string start, string end, int units, string constraint)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.InsertAppointmentAsync(_clinic.PractitionerId, start, end, "Scheduled", units));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(constraint, error.ConstraintName);
    }

    [Theory]
    [InlineData("'99', '{}'", "ck_appointments_place_of_service")]
    [InlineData("'10', '{HM}'", "ck_appointments_modifiers")]
    [InlineData("'11', '{HM,95}'", "ck_appointments_modifiers")]
    [InlineData("'12', '{XX}'", "ck_appointments_modifiers")]
    [InlineData("'02', '{HM,HN,95}'", "ck_appointments_modifiers")]
    public async Task InsertAppointment_WithABadPlaceOrModifiers_IsRefused(string claimLine, string constraint)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled", claimLine: claimLine));

        Assert.Equal((PostgresErrorCodes.CheckViolation, constraint), (error.SqlState, error.ConstraintName));
        Assert.Equal(0L, await _clinic.ScalarAsync("SELECT count(*) FROM appointments"));
    }

    [Fact]
    public async Task Telehealth_OnAPayerThatDoesNotPayIt_IsRefusedFromEverySide()
    {
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled", claimLine: "'10', '{HM,95}'");
        var tricare = Guid.NewGuid();
        await _clinic.ExecuteAsync(
            """
            INSERT INTO payers (id, organization_id, name, rounding_rule, allows_telehealth, week_starts_on, supervision_percent, is_default, concurrent_codes, fees, credential_modifiers)
            VALUES (@id, @org, 'TRICARE', 'Midpoint', false, 'Sunday', 5, false, '{}', '{}', '{}')
            """,
            ("id", tricare), ("org", _clinic.OrganizationId));

        var stopPaying = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.ExecuteAsync("UPDATE payers SET allows_telehealth = false WHERE id = @org", ("org", _clinic.OrganizationId)));
        var moveAuthorization = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.ExecuteAsync("UPDATE authorizations SET payer_id = @tricare WHERE id = @id", ("tricare", tricare), ("id", _clinic.AuthorizationId)));
        await _clinic.ExecuteAsync("UPDATE appointments SET status = 'Completed'");
        await _clinic.ExecuteAsync("UPDATE authorizations SET payer_id = @tricare WHERE id = @id", ("tricare", tricare), ("id", _clinic.AuthorizationId));
        var book = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-03 15:00Z", "2026-03-03 16:00Z", "Scheduled", claimLine: "'02', '{HM,95}'"));
        var reactivate = await Assert.ThrowsAsync<PostgresException>(() => _clinic.ExecuteAsync("UPDATE appointments SET status = 'Scheduled'"));

        Assert.All([stopPaying, moveAuthorization, book, reactivate], e => Assert.Equal((PostgresErrorCodes.CheckViolation, "ck_appointments_telehealth_paid"), (e.SqlState, e.ConstraintName)));
        Assert.Equal(
            (1L, 1L),
            (await _clinic.ScalarAsync("SELECT count(*) FROM payers WHERE allows_telehealth"), await _clinic.ScalarAsync("SELECT count(*) FROM appointments")));
        await _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-03 15:00Z", "2026-03-03 16:00Z", "Scheduled", claimLine: "'12', '{HM}'");
    }

    [Fact]
    public async Task InsertAppointment_ForAnotherOrganizationsPatient_IsRefused()
    {
        var otherClinic = await RawClinic.CreateAsync(_connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            _clinic.InsertAppointmentAsync(_clinic.PractitionerId, "2026-03-02 15:00Z", "2026-03-02 16:00Z", "Scheduled", patientId: otherClinic.PatientId));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
    }

    [Fact]
    public async Task InsertAuthorization_WithADuplicateAuthNumberInTheOrganization_IsRefused()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _clinic.InsertAuthorizationAsync(_clinic.AuthNumber));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("ix_authorizations_organization_id_auth_number", error.ConstraintName);
    }

    [Fact]
    public async Task InsertAuthorization_WithTheSameAuthNumberInAnotherOrganization_IsAllowed()
    {
        var otherClinic = await RawClinic.CreateAsync(_connection);

        await otherClinic.InsertAuthorizationAsync(_clinic.AuthNumber);

        Assert.Equal(2L, await _clinic.ScalarAsync("SELECT count(*) FROM authorizations WHERE auth_number = @n", ("n", _clinic.AuthNumber)));
    }
}
