using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// The patient-overlap check (PatientOverlapCheckPlannedPerCall) first looks for any other active session of the
    /// patient in the time, in `appointments` alone, and stops there when there is none, as for nearly every booking.
    /// Its lookups are planned per call (see that migration), and planning the two that join authorizations and payers
    /// at every booking's COMMIT was about a third of PostgreSQL's CPU under the booking load. The rule is unchanged.
    /// </summary>
    public partial class PatientOverlapFastPath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

                    -- Most sessions overlap none of the patient's others: one lookup in one table, cheap to plan,
                    -- settles them before the lookups that join authorizations and payers are planned.
                    IF NOT EXISTS (
                        SELECT 1
                        FROM appointments o
                        WHERE o.organization_id = NEW.organization_id AND o.patient_id = NEW.patient_id
                          AND o.start_at > NEW.start_at - interval '12 hours' AND o.start_at < NEW.end_at AND o.end_at > NEW.start_at
                          AND o.id <> NEW.id AND CASE WHEN o.status IN ('Scheduled', 'Completed') THEN true ELSE false END)
                    THEN
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
    }
}
