using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// Verification, the client's case supervisor, and claim batches.
    /// A session is verified by a user of its organization who is an admin or the client's case supervisor, never the
    /// rendering practitioner's user, and not while a return waits for the addendum that answers it; a return is made by
    /// such a reviewer and is append-only; an addendum goes only to a documented session; a case supervisor is an
    /// active BCBA. A claim line carries its batch's voided flag through a foreign key that cascades on update, so a
    /// partial unique index keeps each session in one batch that is not voided; batches and lines stay as they were
    /// made (a batch is only ever voided, and keeps the lines it was made with); at COMMIT a session is billed exactly
    /// when a batch that is not voided has its line, with its consumed units. Going down, billed and verified sessions
    /// become documented again.
    /// </summary>
    public partial class SessionVerificationAndClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "bills_under_supervisor",
                table: "payers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "case_supervisor_id",
                table: "patients",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "resolves_return_id",
                table: "note_addenda",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "verified_at",
                table: "appointments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "verified_by_user_id",
                table: "appointments",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "claim_batches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    from_date = table.Column<DateOnly>(type: "date", nullable: false),
                    to_date = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    voided = table.Column<bool>(type: "boolean", nullable: false),
                    voided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    voided_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    void_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    line_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_batches", x => x.id);
                    table.UniqueConstraint("ak_claim_batches_organization_id_id", x => new { x.organization_id, x.id });
                    table.CheckConstraint("ck_claim_batches_line_count", "line_count > 0");
                    table.CheckConstraint("ck_claim_batches_range", "to_date >= from_date");
                    table.CheckConstraint("ck_claim_batches_void", "voided = (voided_at IS NOT NULL) AND (voided_at IS NULL) = (voided_by_user_id IS NULL) AND (voided_at IS NULL) = (void_reason IS NULL)");
                    table.ForeignKey(
                        name: "fk_claim_batches_payers_organization_id_payer_id",
                        columns: x => new { x.organization_id, x.payer_id },
                        principalTable: "payers",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "session_returns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    returned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    returned_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    returned_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_returns", x => x.id);
                    table.CheckConstraint("ck_session_returns_reason", "length(btrim(reason)) BETWEEN 1 AND 500");
                    table.ForeignKey(
                        name: "fk_session_returns_appointments_organization_id_appointment_id",
                        columns: x => new { x.organization_id, x.appointment_id },
                        principalTable: "appointments",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_session_returns_users_returned_by_user_id",
                        column: x => x.returned_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "claim_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: false),
                    batch_voided = table.Column<bool>(type: "boolean", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    appointment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_date = table.Column<DateOnly>(type: "date", nullable: false),
                    member_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    patient_name = table.Column<string>(type: "character varying(401)", maxLength: 401, nullable: false),
                    patient_date_of_birth = table.Column<DateOnly>(type: "date", nullable: false),
                    auth_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    service_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    modifiers = table.Column<List<string>>(type: "text[]", nullable: false),
                    place_of_service = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    units = table.Column<int>(type: "integer", nullable: false),
                    unit_fee = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    charge = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    rendering_name = table.Column<string>(type: "character varying(401)", maxLength: 401, nullable: false),
                    rendering_npi = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    delivered_by = table.Column<string>(type: "character varying(401)", maxLength: 401, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claim_lines", x => x.id);
                    table.CheckConstraint("ck_claim_lines_charge", "unit_fee >= 0 AND charge = units * unit_fee");
                    table.CheckConstraint("ck_claim_lines_rendering_npi", "npi_is_valid(rendering_npi)");
                    table.CheckConstraint("ck_claim_lines_units", "units > 0 AND line_number > 0");
                    table.ForeignKey(
                        name: "fk_claim_lines_appointments_organization_id_appointment_id",
                        columns: x => new { x.organization_id, x.appointment_id },
                        principalTable: "appointments",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_claim_lines_claim_batches_organization_id_batch_id",
                        columns: x => new { x.organization_id, x.batch_id },
                        principalTable: "claim_batches",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_patients_organization_id_case_supervisor_id",
                table: "patients",
                columns: new[] { "organization_id", "case_supervisor_id" });

            migrationBuilder.CreateIndex(
                name: "ix_note_addenda_resolves_return_id",
                table: "note_addenda",
                column: "resolves_return_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointments_verified_by_user_id",
                table: "appointments",
                column: "verified_by_user_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_appointments_verification",
                table: "appointments",
                sql: "(status IN ('Verified', 'Billed')) = (verified_at IS NOT NULL) AND (verified_at IS NULL) = (verified_by_user_id IS NULL)");

            migrationBuilder.CreateIndex(
                name: "ix_claim_batches_organization_id_created_at",
                table: "claim_batches",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_claim_batches_organization_id_payer_id",
                table: "claim_batches",
                columns: new[] { "organization_id", "payer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_claim_lines_organization_id_appointment_id",
                table: "claim_lines",
                columns: new[] { "organization_id", "appointment_id" },
                unique: true,
                filter: "NOT batch_voided");

            migrationBuilder.CreateIndex(
                name: "ix_claim_lines_organization_id_batch_id_line_number",
                table: "claim_lines",
                columns: new[] { "organization_id", "batch_id", "line_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_session_returns_organization_id_appointment_id_returned_at",
                table: "session_returns",
                columns: new[] { "organization_id", "appointment_id", "returned_at" });

            migrationBuilder.CreateIndex(
                name: "ix_session_returns_returned_by_user_id",
                table: "session_returns",
                column: "returned_by_user_id");

            migrationBuilder.AddForeignKey(
                name: "fk_appointments_users_verified_by_user_id",
                table: "appointments",
                column: "verified_by_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_note_addenda_session_returns_resolves_return_id",
                table: "note_addenda",
                column: "resolves_return_id",
                principalTable: "session_returns",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_patients_practitioners_organization_id_case_supervisor_id",
                table: "patients",
                columns: new[] { "organization_id", "case_supervisor_id" },
                principalTable: "practitioners",
                principalColumns: new[] { "organization_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.Sql(
                """
                CREATE FUNCTION patients_case_supervisor_bcba() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT EXISTS (
                        SELECT 1 FROM practitioners p
                        WHERE p.organization_id = NEW.organization_id AND p.id = NEW.case_supervisor_id AND p.credential = 'BCBA' AND p.is_active)
                    THEN
                        RAISE EXCEPTION 'a client''s case supervisor is an active BCBA'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_patients_case_supervisor_bcba', TABLE = 'patients';
                    END IF;
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER patients_case_supervisor_bcba BEFORE INSERT OR UPDATE OF case_supervisor_id ON patients
                FOR EACH ROW WHEN (NEW.case_supervisor_id IS NOT NULL)
                EXECUTE FUNCTION patients_case_supervisor_bcba();

                CREATE FUNCTION session_returns_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'a session''s return is never changed or removed'
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_session_returns_append_only', TABLE = 'session_returns';
                END
                $$;

                CREATE TRIGGER session_returns_append_only BEFORE UPDATE OR DELETE ON session_returns
                FOR EACH ROW EXECUTE FUNCTION session_returns_append_only();

                CREATE TRIGGER session_returns_not_truncated BEFORE TRUNCATE ON session_returns
                FOR EACH STATEMENT EXECUTE FUNCTION session_returns_append_only();

                -- A user of the session's organization who did not render it: an admin, or the client's case supervisor.
                CREATE FUNCTION is_session_reviewer(org uuid, session uuid, reviewer uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
                    SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = reviewer AND u.organization_id = org)
                       AND NOT EXISTS (
                           SELECT 1 FROM appointments a
                           JOIN practitioners p ON p.organization_id = a.organization_id AND p.id = a.practitioner_id
                           WHERE a.organization_id = org AND a.id = session AND p.user_id = reviewer)
                       AND (EXISTS (
                               SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                               WHERE ur.user_id = reviewer AND r.name = 'Admin')
                            OR EXISTS (
                               SELECT 1 FROM appointments a
                               JOIN patients c ON c.organization_id = a.organization_id AND c.id = a.patient_id
                               JOIN practitioners s ON s.organization_id = c.organization_id AND s.id = c.case_supervisor_id
                               WHERE a.organization_id = org AND a.id = session AND s.user_id = reviewer))
                $$;

                CREATE FUNCTION appointments_verified_by_reviewer() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    stands appointments;
                BEGIN
                    -- A session that keeps its verification (it only moves on, to billed or back) was checked when verified.
                    IF TG_OP = 'UPDATE' AND OLD.verified_at IS NOT DISTINCT FROM NEW.verified_at
                       AND OLD.verified_by_user_id IS NOT DISTINCT FROM NEW.verified_by_user_id THEN
                        RETURN NULL;
                    END IF;

                    -- Only the verification that stands at COMMIT is checked: a later change to it queued a check of its own.
                    SELECT * INTO stands FROM appointments WHERE organization_id = NEW.organization_id AND id = NEW.id;
                    IF stands.verified_at IS DISTINCT FROM NEW.verified_at OR stands.verified_by_user_id IS DISTINCT FROM NEW.verified_by_user_id THEN
                        RETURN NULL;
                    END IF;

                    IF NOT is_session_reviewer(NEW.organization_id, NEW.id, NEW.verified_by_user_id)
                    -- Its claim line names a provider with an NPI: the practitioner's own, or the case supervisor's
                    -- where the payer bills an RBT's sessions under them.
                    OR NOT EXISTS (
                        SELECT 1 FROM appointments a
                        JOIN practitioners p ON p.organization_id = a.organization_id AND p.id = a.practitioner_id
                        JOIN authorizations au ON au.organization_id = a.organization_id AND au.id = a.authorization_id
                        JOIN payers py ON py.organization_id = au.organization_id AND py.id = au.payer_id
                        JOIN patients c ON c.organization_id = a.organization_id AND c.id = a.patient_id
                        LEFT JOIN practitioners s ON s.organization_id = c.organization_id AND s.id = c.case_supervisor_id
                        WHERE a.organization_id = NEW.organization_id AND a.id = NEW.id
                          AND CASE WHEN py.bills_under_supervisor AND p.credential = 'RBT' THEN s.npi IS NOT NULL ELSE p.npi IS NOT NULL END)
                    OR EXISTS (
                        SELECT 1 FROM session_returns r
                        WHERE r.organization_id = NEW.organization_id AND r.appointment_id = NEW.id
                          AND NOT EXISTS (SELECT 1 FROM note_addenda a WHERE a.resolves_return_id = r.id))
                    THEN
                        RAISE EXCEPTION 'a session is verified by an admin or the client''s case supervisor, not its own practitioner, once any correction asked for is signed and its rendering provider has an NPI'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_verified_by_reviewer', TABLE = 'appointments';
                    END IF;
                    RETURN NULL;
                END
                $$;

                -- Queued only for a verified session, so bookings and completions never pay for it at COMMIT.
                CREATE CONSTRAINT TRIGGER appointments_verified_by_reviewer AFTER INSERT OR UPDATE OF status, verified_at, verified_by_user_id ON appointments
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.status = 'Verified')
                EXECUTE FUNCTION appointments_verified_by_reviewer();

                -- A return is made by a reviewer, and leaves the session documented; an addendum goes only to a
                -- documented session (one that was verified is documented again by it), as the sessions stand at COMMIT.
                CREATE FUNCTION session_reviews_documented() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'session_returns' THEN
                        IF NOT is_session_reviewer(NEW.organization_id, NEW.appointment_id, NEW.returned_by_user_id)
                        OR NOT EXISTS (
                            SELECT 1 FROM appointments a
                            WHERE a.organization_id = NEW.organization_id AND a.id = NEW.appointment_id AND a.status = 'Documented')
                        THEN
                            RAISE EXCEPTION 'a session is sent back by an admin or the client''s case supervisor, not its own practitioner, and is documented again'
                                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_session_returns_by_reviewer', TABLE = 'session_returns';
                        END IF;
                    ELSIF NOT EXISTS (
                        SELECT 1 FROM session_notes n
                        JOIN appointments a ON a.organization_id = n.organization_id AND a.id = n.appointment_id
                        WHERE n.organization_id = NEW.organization_id AND n.id = NEW.note_id AND a.status = 'Documented')
                    THEN
                        RAISE EXCEPTION 'an addendum goes to a documented session: a verified one is documented again by it, a billed one waits for its batch to be voided'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_note_addenda_documented', TABLE = 'note_addenda';
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE CONSTRAINT TRIGGER session_returns_by_reviewer AFTER INSERT ON session_returns
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION session_reviews_documented();

                CREATE CONSTRAINT TRIGGER note_addenda_documented AFTER INSERT ON note_addenda
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION session_reviews_documented();

                ALTER TABLE claim_batches ADD CONSTRAINT ak_claim_batches_organization_id_id_voided UNIQUE (organization_id, id, voided);
                ALTER TABLE claim_lines ADD CONSTRAINT fk_claim_lines_claim_batches_voided
                    FOREIGN KEY (organization_id, batch_id, batch_voided) REFERENCES claim_batches (organization_id, id, voided)
                    ON UPDATE CASCADE ON DELETE RESTRICT;

                CREATE FUNCTION claims_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- The one change either table takes: a batch voided, and its lines with it (the cascade). Nested
                    -- IFs, as each table's test reads fields only it has.
                    IF TG_OP = 'UPDATE' THEN
                        IF TG_TABLE_NAME = 'claim_batches' THEN
                            IF NOT OLD.voided AND NEW.voided
                               AND to_jsonb(NEW) - ARRAY['voided', 'voided_at', 'voided_by_user_id', 'void_reason']
                                 = to_jsonb(OLD) - ARRAY['voided', 'voided_at', 'voided_by_user_id', 'void_reason'] THEN
                                RETURN NEW;
                            END IF;
                        ELSIF NOT OLD.batch_voided AND NEW.batch_voided AND to_jsonb(NEW) - 'batch_voided' = to_jsonb(OLD) - 'batch_voided' THEN
                            RETURN NEW;
                        END IF;
                    END IF;
                    RAISE EXCEPTION 'a claim batch and its lines stay as they were made; a batch is only ever voided'
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_claims_read_only', TABLE = TG_TABLE_NAME;
                END
                $$;

                CREATE TRIGGER claim_batches_read_only BEFORE UPDATE OR DELETE ON claim_batches
                FOR EACH ROW EXECUTE FUNCTION claims_read_only();
                CREATE TRIGGER claim_lines_read_only BEFORE UPDATE OR DELETE ON claim_lines
                FOR EACH ROW EXECUTE FUNCTION claims_read_only();
                CREATE TRIGGER claim_batches_not_truncated BEFORE TRUNCATE ON claim_batches
                FOR EACH STATEMENT EXECUTE FUNCTION claims_read_only();
                CREATE TRIGGER claim_lines_not_truncated BEFORE TRUNCATE ON claim_lines
                FOR EACH STATEMENT EXECUTE FUNCTION claims_read_only();

                CREATE FUNCTION claims_billed_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    session uuid;
                BEGIN
                    -- Each branch reads a field only its table has.
                    IF TG_TABLE_NAME = 'claim_lines' THEN
                        session := NEW.appointment_id;
                    ELSE
                        session := NEW.id;
                    END IF;
                    IF (SELECT a.status = 'Billed' FROM appointments a WHERE a.organization_id = NEW.organization_id AND a.id = session)
                       IS DISTINCT FROM EXISTS (
                           SELECT 1 FROM claim_lines l
                           WHERE l.organization_id = NEW.organization_id AND l.appointment_id = session AND NOT l.batch_voided)
                    OR EXISTS (
                        SELECT 1 FROM claim_lines l
                        JOIN appointments a ON a.organization_id = l.organization_id AND a.id = l.appointment_id
                        WHERE l.organization_id = NEW.organization_id AND l.appointment_id = session AND NOT l.batch_voided
                          AND a.actual_units IS DISTINCT FROM l.units)
                    THEN
                        RAISE EXCEPTION 'a session is billed exactly when a batch that is not voided has its line, with its consumed units'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_claims_billed_sessions', TABLE = TG_TABLE_NAME;
                    END IF;

                    IF TG_TABLE_NAME = 'claim_lines' THEN
                        IF (SELECT count(*) FROM claim_lines l WHERE l.organization_id = NEW.organization_id AND l.batch_id = NEW.batch_id)
                           IS DISTINCT FROM (SELECT b.line_count FROM claim_batches b WHERE b.organization_id = NEW.organization_id AND b.id = NEW.batch_id)
                        THEN
                            RAISE EXCEPTION 'a claim batch keeps the lines it was made with; none is added later'
                                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_claims_read_only', TABLE = 'claim_lines';
                        END IF;
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE CONSTRAINT TRIGGER claim_lines_billed_sessions AFTER INSERT OR UPDATE ON claim_lines
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION claims_billed_sessions();

                -- Queued only for a session that is or was billed, so bookings and completions never pay for it at COMMIT.
                CREATE CONSTRAINT TRIGGER appointments_billed_inserted AFTER INSERT ON appointments
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.status = 'Billed')
                EXECUTE FUNCTION claims_billed_sessions();
                CREATE CONSTRAINT TRIGGER appointments_billed_sessions AFTER UPDATE OF status, actual_units ON appointments
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.status = 'Billed' OR OLD.status = 'Billed')
                EXECUTE FUNCTION claims_billed_sessions();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER appointments_billed_sessions ON appointments;
                DROP TRIGGER appointments_billed_inserted ON appointments;
                DROP TRIGGER claim_lines_billed_sessions ON claim_lines;
                DROP FUNCTION claims_billed_sessions();
                DROP TRIGGER claim_lines_not_truncated ON claim_lines;
                DROP TRIGGER claim_batches_not_truncated ON claim_batches;
                DROP TRIGGER claim_lines_read_only ON claim_lines;
                DROP TRIGGER claim_batches_read_only ON claim_batches;
                DROP FUNCTION claims_read_only();
                DROP TRIGGER note_addenda_documented ON note_addenda;
                DROP TRIGGER session_returns_by_reviewer ON session_returns;
                DROP FUNCTION session_reviews_documented();
                DROP TRIGGER appointments_verified_by_reviewer ON appointments;
                DROP FUNCTION appointments_verified_by_reviewer();
                DROP FUNCTION is_session_reviewer(uuid, uuid, uuid);
                DROP TRIGGER session_returns_not_truncated ON session_returns;
                DROP TRIGGER session_returns_append_only ON session_returns;
                DROP FUNCTION session_returns_append_only();
                DROP TRIGGER patients_case_supervisor_bcba ON patients;
                DROP FUNCTION patients_case_supervisor_bcba();
                UPDATE appointments SET status = 'Documented', verified_at = NULL, verified_by_user_id = NULL WHERE status IN ('Verified', 'Billed');
                -- The updates queued the deferred overlap checks; run them now, as ALTER TABLE waits for none.
                SET CONSTRAINTS ALL IMMEDIATE;
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_appointments_users_verified_by_user_id",
                table: "appointments");

            migrationBuilder.DropForeignKey(
                name: "fk_note_addenda_session_returns_resolves_return_id",
                table: "note_addenda");

            migrationBuilder.DropForeignKey(
                name: "fk_patients_practitioners_organization_id_case_supervisor_id",
                table: "patients");

            migrationBuilder.DropTable(
                name: "claim_lines");

            migrationBuilder.DropTable(
                name: "session_returns");

            migrationBuilder.DropTable(
                name: "claim_batches");

            migrationBuilder.DropIndex(
                name: "ix_patients_organization_id_case_supervisor_id",
                table: "patients");

            migrationBuilder.DropIndex(
                name: "ix_note_addenda_resolves_return_id",
                table: "note_addenda");

            migrationBuilder.DropIndex(
                name: "ix_appointments_verified_by_user_id",
                table: "appointments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_appointments_verification",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "bills_under_supervisor",
                table: "payers");

            migrationBuilder.DropColumn(
                name: "case_supervisor_id",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "resolves_return_id",
                table: "note_addenda");

            migrationBuilder.DropColumn(
                name: "verified_at",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "verified_by_user_id",
                table: "appointments");
        }
    }
}
