using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// The patient-overlap check (PayersAndTheirRules) with plans made per call and lookups that start at the
    /// organization. SERIALIZABLE locks what a plan reads; a PL/pgSQL function caches a generic plan from its first
    /// calls, made while `appointments` was empty, and that plan read the whole of an index (the row by id through
    /// another index's full scan), so every organization's bookings aborted each other's for as long as the session
    /// lived. Planned per call, each lookup reads one patient's few sessions. Statuses are tested inside a CASE so
    /// that the planner cannot prove the practitioner exclusion index's predicate from them: on a young table that GiST
    /// index costs the same as the right one, and reading it locks pages every organization's bookings write to.
    /// The sessions' series index goes: nothing looks sessions up by series, and on a young table it was the index
    /// the planner chose for lookups by organization alone.
    /// </summary>
    public partial class PatientOverlapCheckPlannedPerCall : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_appointments_organization_id_series_id",
                table: "appointments");

            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION appointments_patient_overlap() RETURNS trigger LANGUAGE plpgsql
                SET plan_cache_mode = force_custom_plan AS $$
                DECLARE
                    code text;
                    pairs text[];
                BEGIN
                    IF NEW.status NOT IN ('Scheduled', 'Completed') THEN
                        RETURN NULL;
                    END IF;

                    -- Only the version of the row that stands at COMMIT is checked: a later change to it in the same
                    -- transaction queued a check of its own.
                    SELECT au.service_code, p.concurrent_codes INTO code, pairs
                    FROM appointments a
                    JOIN authorizations au ON au.organization_id = a.organization_id AND au.id = a.authorization_id
                    JOIN payers p ON p.organization_id = au.organization_id AND p.id = au.payer_id
                    WHERE a.organization_id = NEW.organization_id AND a.patient_id = NEW.patient_id AND a.start_at = NEW.start_at
                      AND a.id = NEW.id AND a.end_at = NEW.end_at AND a.authorization_id = NEW.authorization_id
                      AND CASE WHEN a.status = NEW.status THEN true ELSE false END;
                    IF NOT FOUND THEN
                        RETURN NULL;
                    END IF;

                    IF EXISTS (
                        SELECT 1
                        FROM appointments o
                        JOIN authorizations oa ON oa.organization_id = o.organization_id AND oa.id = o.authorization_id
                        JOIN payers op ON op.organization_id = oa.organization_id AND op.id = oa.payer_id
                        WHERE o.organization_id = NEW.organization_id AND o.patient_id = NEW.patient_id
                          AND o.start_at > NEW.start_at - interval '12 hours' AND o.start_at < NEW.end_at AND o.end_at > NEW.start_at
                          AND o.id <> NEW.id AND CASE WHEN o.status IN ('Scheduled', 'Completed') THEN true ELSE false END
                          AND NOT ((code || '+' || oa.service_code = ANY (pairs) OR oa.service_code || '+' || code = ANY (pairs))
                               AND (code || '+' || oa.service_code = ANY (op.concurrent_codes)
                                    OR oa.service_code || '+' || code = ANY (op.concurrent_codes))))
                    THEN
                        RAISE EXCEPTION 'a patient''s sessions overlap where a payer does not pay both codes at once'
                            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'ex_appointments_patient_overlap', TABLE = 'appointments';
                    END IF;

                    RETURN NULL;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_appointments_organization_id_series_id",
                table: "appointments",
                columns: new[] { "organization_id", "series_id" });

            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION appointments_patient_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    session record;
                BEGIN
                    SELECT a.id, a.organization_id, a.patient_id, a.start_at, a.end_at, au.service_code, p.concurrent_codes
                    INTO session
                    FROM appointments a
                    JOIN authorizations au ON au.organization_id = a.organization_id AND au.id = a.authorization_id
                    JOIN payers p ON p.organization_id = au.organization_id AND p.id = au.payer_id
                    WHERE a.id = NEW.id AND a.status IN ('Scheduled', 'Completed');
                    IF NOT FOUND THEN
                        RETURN NULL;
                    END IF;

                    IF EXISTS (
                        SELECT 1
                        FROM appointments o
                        JOIN authorizations oa ON oa.organization_id = o.organization_id AND oa.id = o.authorization_id
                        JOIN payers op ON op.organization_id = oa.organization_id AND op.id = oa.payer_id
                        WHERE o.organization_id = session.organization_id AND o.patient_id = session.patient_id AND o.id <> session.id
                          AND o.status IN ('Scheduled', 'Completed')
                          AND o.start_at > session.start_at - interval '12 hours' AND o.start_at < session.end_at AND o.end_at > session.start_at
                          AND NOT ((session.service_code || '+' || oa.service_code = ANY (session.concurrent_codes)
                                    OR oa.service_code || '+' || session.service_code = ANY (session.concurrent_codes))
                               AND (session.service_code || '+' || oa.service_code = ANY (op.concurrent_codes)
                                    OR oa.service_code || '+' || session.service_code = ANY (op.concurrent_codes))))
                    THEN
                        RAISE EXCEPTION 'a patient''s sessions overlap where a payer does not pay both codes at once'
                            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'ex_appointments_patient_overlap', TABLE = 'appointments';
                    END IF;

                    RETURN NULL;
                END
                $$;
                """);
        }
    }
}
