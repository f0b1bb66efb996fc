using System.Globalization;
using Npgsql;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>One organization with a patient, two practitioners and a 50-unit authorization, written by raw SQL.</summary>
internal sealed class RawClinic
{
    private readonly NpgsqlConnection _connection;

    private RawClinic(NpgsqlConnection connection) => _connection = connection;

    public Guid OrganizationId { get; } = Guid.NewGuid();

    public Guid PatientId { get; } = Guid.NewGuid();

    public Guid PractitionerId { get; } = Guid.NewGuid();

    public Guid OtherPractitionerId { get; } = Guid.NewGuid();

    public Guid AuthorizationId { get; private set; }

    public string AuthNumber { get; } = $"AUTH-{Guid.NewGuid():N}"[..20];

    public static async Task<RawClinic> CreateAsync(NpgsqlConnection connection)
    {
        var clinic = new RawClinic(connection);
        await clinic.ExecuteAsync(
            """
            INSERT INTO organizations (id, name, time_zone_id, rounding_rule, low_balance_threshold_percent, expiry_alert_days, created_at)
            VALUES (@org, @name, 'America/New_York', 'Midpoint', 20, 30, now());
            INSERT INTO payers (id, organization_id, name, rounding_rule, allows_telehealth, week_starts_on, supervision_percent, is_default, concurrent_codes, fees, credential_modifiers)
            VALUES (@org, @org, 'Default payer', 'Midpoint', true, 'Sunday', 5, true, ARRAY['97155+97153'], '{}', '{"RBT": "HM", "BCBA": "HO"}');
            INSERT INTO patients (id, organization_id, first_name, last_name, date_of_birth, member_id, created_at)
            VALUES (@patient, @org, 'Test', 'Patient', '2018-05-01', @member, now());
            INSERT INTO practitioners (id, organization_id, first_name, last_name, email, credential, is_active)
            VALUES (@p1, @org, 'First', 'Clinician', @email1, 'RBT', true),
                   (@p2, @org, 'Second', 'Clinician', @email2, 'BCBA', true);
            """,
            ("org", clinic.OrganizationId),
            ("name", $"Clinic {clinic.OrganizationId:N}"),
            ("patient", clinic.PatientId),
            ("member", $"M-{clinic.PatientId:N}"),
            ("p1", clinic.PractitionerId),
            ("p2", clinic.OtherPractitionerId),
            ("email1", $"{clinic.PractitionerId:N}@example.test"),
            ("email2", $"{clinic.OtherPractitionerId:N}@example.test"));
        clinic.AuthorizationId = await clinic.InsertAuthorizationAsync(clinic.AuthNumber);
        return clinic;
    }

    public async Task<Guid> InsertAuthorizationAsync(string authNumber)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(
            """
            INSERT INTO authorizations (id, organization_id, patient_id, service_code, auth_number, start_date, end_date,
                                        total_units, used_units, scheduled_units, status, version, created_at, payer_id)
            VALUES (@id, @org, @patient, '97153', @number, '2026-01-01', '2026-06-30', 50, 0, 0, 'Active', 1, now(), @org)
            """,
            ("id", id), ("org", OrganizationId), ("patient", PatientId), ("number", authNumber));
        return id;
    }

    public Task InsertLedgerEntryAsync(string kind, int units, int totalDelta) =>
        ExecuteAsync(
            """
            INSERT INTO unit_ledger_entries (organization_id, authorization_id, kind, units, total_delta, service_date, occurred_at)
            VALUES (@org, @auth, @kind, @units, @delta, current_date, now())
            """,
            ("org", OrganizationId), ("auth", AuthorizationId), ("kind", kind), ("units", units), ("delta", totalDelta));

    /// <summary>A session at the office with no modifier unless a place and modifiers are given (<c>"'10', ARRAY['95']"</c>).</summary>
    public Task InsertAppointmentAsync(Guid practitionerId, string start, string end, string status, int units = 4, Guid? patientId = null, string claimLine = "'11', '{}'") =>
        ExecuteAsync(
            $"""
            INSERT INTO appointments (id, organization_id, patient_id, practitioner_id, authorization_id, start_at, end_at,
                                      units, status, created_at, updated_at, rounding_rule, place_of_service, modifiers)
            VALUES (@id, @org, @patient, @practitioner, @auth, @start, @end, @units, @status, now(), now(), 'Midpoint', {claimLine})
            """,
            ("id", Guid.NewGuid()),
            ("org", OrganizationId),
            ("patient", patientId ?? PatientId),
            ("practitioner", practitionerId),
            ("auth", AuthorizationId),
            ("start", DateTimeOffset.Parse(start, CultureInfo.InvariantCulture)),
            ("end", DateTimeOffset.Parse(end, CultureInfo.InvariantCulture)),
            ("units", units),
            ("status", status));

    public async Task<(long Used, long Scheduled)> CountersAsync() =>
        (await ScalarAsync("SELECT used_units FROM authorizations WHERE id = @id", ("id", AuthorizationId)),
         await ScalarAsync("SELECT scheduled_units FROM authorizations WHERE id = @id", ("id", AuthorizationId)));

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value is DateTimeOffset at ? at.ToUniversalTime() : value);
        }

        return command;
    }
}
