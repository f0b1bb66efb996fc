using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// Verification and the client's case supervisor. A session is verified by a user of its organization who is an
    /// admin or the client's case supervisor, never the rendering practitioner's user, and not while it waits for the
    /// addendum it was sent back for (a deferred constraint trigger); a case supervisor is a BCBA (a trigger); a
    /// session's returns are append-only. Going down, verified sessions become documented again.
    /// </summary>
    public partial class SessionVerification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "case_supervisor_id",
                table: "patients",
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
                });

            migrationBuilder.CreateIndex(
                name: "ix_patients_organization_id_case_supervisor_id",
                table: "patients",
                columns: new[] { "organization_id", "case_supervisor_id" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_appointments_verification",
                table: "appointments",
                sql: "(status = 'Verified') = (verified_at IS NOT NULL) AND (verified_at IS NULL) = (verified_by_user_id IS NULL)");

            migrationBuilder.CreateIndex(
                name: "ix_session_returns_organization_id_appointment_id_returned_at",
                table: "session_returns",
                columns: new[] { "organization_id", "appointment_id", "returned_at" });

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

                CREATE FUNCTION appointments_verified_by_reviewer() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- A session that keeps its verification (it only moves on) was checked when it was verified.
                    IF TG_OP = 'UPDATE' AND OLD.verified_at IS NOT DISTINCT FROM NEW.verified_at
                       AND OLD.verified_by_user_id IS NOT DISTINCT FROM NEW.verified_by_user_id THEN
                        RETURN NULL;
                    END IF;

                    IF NOT EXISTS (
                        SELECT 1 FROM users u WHERE u.id = NEW.verified_by_user_id AND u.organization_id = NEW.organization_id)
                    OR EXISTS (
                        SELECT 1 FROM practitioners p
                        WHERE p.organization_id = NEW.organization_id AND p.id = NEW.practitioner_id AND p.user_id = NEW.verified_by_user_id)
                    OR NOT (
                        EXISTS (
                            SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                            WHERE ur.user_id = NEW.verified_by_user_id AND r.name = 'Admin')
                        OR EXISTS (
                            SELECT 1 FROM patients c
                            JOIN practitioners s ON s.organization_id = c.organization_id AND s.id = c.case_supervisor_id
                            WHERE c.organization_id = NEW.organization_id AND c.id = NEW.patient_id AND s.user_id = NEW.verified_by_user_id))
                    OR EXISTS (
                        SELECT 1 FROM session_returns r
                        WHERE r.organization_id = NEW.organization_id AND r.appointment_id = NEW.id
                          AND NOT EXISTS (
                              SELECT 1 FROM note_addenda a
                              JOIN session_notes n ON n.organization_id = a.organization_id AND n.id = a.note_id
                              WHERE n.organization_id = NEW.organization_id AND n.appointment_id = NEW.id AND a.signed_at > r.returned_at))
                    THEN
                        RAISE EXCEPTION 'a session is verified by an admin or the client''s case supervisor, not its own practitioner, once any correction asked for is signed'
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER appointments_verified_by_reviewer ON appointments;
                DROP FUNCTION appointments_verified_by_reviewer();
                UPDATE appointments SET status = 'Documented', verified_at = NULL, verified_by_user_id = NULL WHERE status = 'Verified';
                -- The update queued the deferred overlap checks; run them now, as ALTER TABLE waits for none.
                SET CONSTRAINTS ALL IMMEDIATE;
                DROP TRIGGER session_returns_not_truncated ON session_returns;
                DROP TRIGGER session_returns_append_only ON session_returns;
                DROP FUNCTION session_returns_append_only();
                DROP TRIGGER patients_case_supervisor_bcba ON patients;
                DROP FUNCTION patients_case_supervisor_bcba();
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_patients_practitioners_organization_id_case_supervisor_id",
                table: "patients");

            migrationBuilder.DropTable(
                name: "session_returns");

            migrationBuilder.DropIndex(
                name: "ix_patients_organization_id_case_supervisor_id",
                table: "patients");

            migrationBuilder.DropCheckConstraint(
                name: "ck_appointments_verification",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "case_supervisor_id",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "verified_at",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "verified_by_user_id",
                table: "appointments");
        }
    }
}
