using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// Session notes and their addenda, and the Documented state. A signed note is read-only and addenda are
    /// append-only (triggers); a session is documented only with its note signed (a deferred constraint trigger). A
    /// documented session is rendered as a completed one is, so the practitioner- and patient-overlap rules now read one
    /// predicate for a session that holds its time: <c>status NOT IN ('Cancelled', 'NoShow')</c>. Going down, documented
    /// sessions become completed again (their notes go with the tables).
    /// </summary>
    public partial class SessionNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "session_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    goals_addressed = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    client_response = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    next_steps = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    narrative = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    signed_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    signed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_notes", x => x.id);
                    table.UniqueConstraint("ak_session_notes_organization_id_id", x => new { x.organization_id, x.id });
                    table.CheckConstraint("ck_session_notes_signature", "(signed_at IS NULL) = (signed_by_user_id IS NULL) AND (signed_at IS NULL) = (signed_by_name IS NULL) AND (signed_at IS NULL OR (goals_addressed IS NOT NULL AND narrative IS NOT NULL))");
                    table.ForeignKey(
                        name: "fk_session_notes_appointments_organization_id_appointment_id",
                        columns: x => new { x.organization_id, x.appointment_id },
                        principalTable: "appointments",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "note_addenda",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    note_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signed_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    signed_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_note_addenda", x => x.id);
                    table.ForeignKey(
                        name: "fk_note_addenda_session_notes_organization_id_note_id",
                        columns: x => new { x.organization_id, x.note_id },
                        principalTable: "session_notes",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_note_addenda_organization_id_note_id_signed_at",
                table: "note_addenda",
                columns: new[] { "organization_id", "note_id", "signed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_session_notes_organization_id_appointment_id",
                table: "session_notes",
                columns: new[] { "organization_id", "appointment_id" },
                unique: true);

            migrationBuilder.Sql(
                """
                ALTER TABLE appointments DROP CONSTRAINT ex_appointments_practitioner_overlap;
                ALTER TABLE appointments ADD CONSTRAINT ex_appointments_practitioner_overlap
                EXCLUDE USING gist (
                    organization_id WITH =,
                    practitioner_id WITH =,
                    tstzrange(start_at, end_at, '[)') WITH &&)
                WHERE (status NOT IN ('Cancelled', 'NoShow'))
                DEFERRABLE INITIALLY DEFERRED;
                """);

            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION appointments_patient_overlap() RETURNS trigger LANGUAGE plpgsql
                SET plan_cache_mode = force_custom_plan AS $$
                DECLARE
                    code text;
                    pairs text[];
                BEGIN
                    IF NEW.status IN ('Cancelled', 'NoShow') THEN
                        RETURN NULL;
                    END IF;

                    -- Most sessions overlap none of the patient's others: one lookup in one table, cheap to plan,
                    -- settles them before the lookups that join authorizations and payers are planned.
                    IF NOT EXISTS (
                        SELECT 1
                        FROM appointments o
                        WHERE o.organization_id = NEW.organization_id AND o.patient_id = NEW.patient_id
                          AND o.start_at > NEW.start_at - interval '12 hours' AND o.start_at < NEW.end_at AND o.end_at > NEW.start_at
                          AND o.id <> NEW.id AND CASE WHEN o.status NOT IN ('Cancelled', 'NoShow') THEN true ELSE false END)
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
                          AND o.id <> NEW.id AND CASE WHEN o.status NOT IN ('Cancelled', 'NoShow') THEN true ELSE false END
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

            migrationBuilder.Sql(
                """
                CREATE FUNCTION session_notes_signed_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'note_addenda' THEN
                        IF TG_OP <> 'INSERT' OR NOT EXISTS (
                            SELECT 1 FROM session_notes n
                            WHERE n.organization_id = NEW.organization_id AND n.id = NEW.note_id AND n.signed_at IS NOT NULL)
                        THEN
                            RAISE EXCEPTION 'an addendum follows a signed note and is never changed or removed'
                                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_session_notes_signed_read_only', TABLE = 'note_addenda';
                        END IF;
                        RETURN NEW;
                    END IF;

                    IF OLD.signed_at IS NOT NULL THEN
                        RAISE EXCEPTION 'a signed note is read-only'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_session_notes_signed_read_only', TABLE = 'session_notes';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END
                $$;

                CREATE TRIGGER session_notes_signed_read_only BEFORE UPDATE OR DELETE ON session_notes
                FOR EACH ROW EXECUTE FUNCTION session_notes_signed_read_only();

                CREATE TRIGGER note_addenda_append_only BEFORE INSERT OR UPDATE OR DELETE ON note_addenda
                FOR EACH ROW EXECUTE FUNCTION session_notes_signed_read_only();

                CREATE FUNCTION session_notes_not_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'signed notes and their addenda are never removed'
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_session_notes_signed_read_only', TABLE = TG_TABLE_NAME;
                END
                $$;

                CREATE TRIGGER session_notes_not_truncated BEFORE TRUNCATE ON session_notes
                FOR EACH STATEMENT EXECUTE FUNCTION session_notes_not_truncated();

                CREATE TRIGGER note_addenda_not_truncated BEFORE TRUNCATE ON note_addenda
                FOR EACH STATEMENT EXECUTE FUNCTION session_notes_not_truncated();

                CREATE FUNCTION appointments_documented_signed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status NOT IN ('Scheduled', 'Completed', 'Cancelled', 'NoShow') AND NOT EXISTS (
                        SELECT 1 FROM session_notes n
                        WHERE n.organization_id = NEW.organization_id AND n.appointment_id = NEW.id AND n.signed_at IS NOT NULL)
                    THEN
                        RAISE EXCEPTION 'a session is documented only with its note signed'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_documented_signed', TABLE = 'appointments';
                    END IF;
                    RETURN NULL;
                END
                $$;

                -- Queued only for a session past Completed, so bookings and cancellations never pay for it at COMMIT.
                CREATE CONSTRAINT TRIGGER appointments_documented_signed AFTER INSERT OR UPDATE OF status ON appointments
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.status NOT IN ('Scheduled', 'Completed', 'Cancelled', 'NoShow'))
                EXECUTE FUNCTION appointments_documented_signed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER appointments_documented_signed ON appointments;
                DROP FUNCTION appointments_documented_signed();
                UPDATE appointments SET status = 'Completed' WHERE status = 'Documented';
                -- The update queued the deferred overlap checks; run them now, as ALTER TABLE waits for none.
                SET CONSTRAINTS ALL IMMEDIATE;
                DROP TRIGGER note_addenda_not_truncated ON note_addenda;
                DROP TRIGGER session_notes_not_truncated ON session_notes;
                DROP FUNCTION session_notes_not_truncated();
                DROP TRIGGER note_addenda_append_only ON note_addenda;
                DROP TRIGGER session_notes_signed_read_only ON session_notes;
                DROP FUNCTION session_notes_signed_read_only();
                ALTER TABLE appointments DROP CONSTRAINT ex_appointments_practitioner_overlap;
                ALTER TABLE appointments ADD CONSTRAINT ex_appointments_practitioner_overlap
                EXCLUDE USING gist (
                    organization_id WITH =,
                    practitioner_id WITH =,
                    tstzrange(start_at, end_at, '[)') WITH &&)
                WHERE (status IN ('Scheduled', 'Completed'))
                DEFERRABLE INITIALLY DEFERRED;
                """);

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

            migrationBuilder.DropTable(
                name: "note_addenda");

            migrationBuilder.DropTable(
                name: "session_notes");
        }
    }
}
