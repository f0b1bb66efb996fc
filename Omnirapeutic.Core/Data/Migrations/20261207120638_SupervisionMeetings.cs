using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SupervisionMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "supervision_meetings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    supervisor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attendee_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    modality = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    start_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    end_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    observed_appointment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    cancellation_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_meetings", x => x.id);
                    table.UniqueConstraint("ak_supervision_meetings_organization_id_id", x => new { x.organization_id, x.id });
                    table.CheckConstraint("ck_supervision_meetings_attendees", "cardinality(attendee_ids) BETWEEN 1 AND 10 AND NOT (supervisor_id = ANY (attendee_ids))");
                    table.CheckConstraint("ck_supervision_meetings_cancellation", "(status = 'Cancelled') = (cancellation_reason IS NOT NULL)");
                    table.CheckConstraint("ck_supervision_meetings_observation", "(kind = 'Observation') = (observed_appointment_id IS NOT NULL) AND (kind <> 'Observation' OR cardinality(attendee_ids) = 1)");
                    table.CheckConstraint("ck_supervision_meetings_times", "end_at > start_at AND end_at - start_at <= interval '12 hours'");
                    table.ForeignKey(
                        name: "fk_supervision_meetings_appointments_organization_id_observed_",
                        columns: x => new { x.organization_id, x.observed_appointment_id },
                        principalTable: "appointments",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supervision_meetings_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supervision_meetings_practitioners_organization_id_supervis",
                        columns: x => new { x.organization_id, x.supervisor_id },
                        principalTable: "practitioners",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_meetings_attendee_ids",
                table: "supervision_meetings",
                column: "attendee_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_meetings_organization_id_observed_appointment_id",
                table: "supervision_meetings",
                columns: new[] { "organization_id", "observed_appointment_id" });

            migrationBuilder.CreateIndex(
                name: "ix_supervision_meetings_organization_id_supervisor_id_start_at",
                table: "supervision_meetings",
                columns: new[] { "organization_id", "supervisor_id", "start_at" });
            // Who supervises whom, and the practitioner-overlap rule across sessions and supervision: a meeting's
            // supervisor and each RBT in it (an observation's supervisor) have no other session or supervision then.
            migrationBuilder.Sql("""
                CREATE FUNCTION supervision_meetings_check() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE person uuid;
                BEGIN
                    IF NEW.status = 'Cancelled' THEN
                        RETURN NEW;
                    END IF;
                    IF NOT EXISTS (
                            SELECT 1 FROM practitioners p
                            WHERE p.organization_id = NEW.organization_id AND p.id = NEW.supervisor_id
                              AND p.credential IN ('BCBA', 'BCaBA') AND p.is_active)
                        OR (SELECT count(DISTINCT p.id) FROM practitioners p
                            WHERE p.organization_id = NEW.organization_id AND p.id = ANY (NEW.attendee_ids)
                              AND p.credential = 'RBT' AND p.is_active) <> cardinality(NEW.attendee_ids)
                        OR (NEW.kind = 'Observation' AND NOT EXISTS (
                            SELECT 1 FROM appointments a JOIN authorizations x ON x.id = a.authorization_id
                            WHERE a.organization_id = NEW.organization_id AND a.id = NEW.observed_appointment_id
                              AND a.practitioner_id = NEW.attendee_ids[1] AND x.service_code = '97153'
                              AND a.status NOT IN ('Cancelled', 'NoShow')
                              AND a.start_at <= NEW.start_at AND a.end_at >= NEW.end_at))
                    THEN
                        RAISE EXCEPTION 'supervision is by an active analyst of 1-10 active RBTs; an observation lies within its RBT''s 97153 session'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_supervision_meetings_people', TABLE = 'supervision_meetings';
                    END IF;
                    FOREACH person IN ARRAY (CASE WHEN NEW.kind = 'Meeting' THEN NEW.attendee_ids || NEW.supervisor_id ELSE ARRAY[NEW.supervisor_id] END) LOOP
                        IF EXISTS (
                                SELECT 1 FROM appointments a
                                WHERE a.organization_id = NEW.organization_id AND a.practitioner_id = person
                                  AND a.status NOT IN ('Cancelled', 'NoShow') AND a.start_at < NEW.end_at AND a.end_at > NEW.start_at)
                            OR EXISTS (
                                SELECT 1 FROM supervision_meetings m
                                WHERE m.organization_id = NEW.organization_id AND m.id <> NEW.id AND m.status <> 'Cancelled'
                                  AND m.start_at < NEW.end_at AND m.end_at > NEW.start_at
                                  AND (m.supervisor_id = person OR (m.kind = 'Meeting' AND person = ANY (m.attendee_ids))))
                        THEN
                            RAISE EXCEPTION 'a practitioner would be in a session and supervision at once'
                                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_supervision_meetings_overlap', TABLE = 'supervision_meetings';
                        END IF;
                    END LOOP;
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER supervision_meetings_check
                BEFORE INSERT OR UPDATE OF start_at, end_at, supervisor_id, attendee_ids, kind, observed_appointment_id ON supervision_meetings
                FOR EACH ROW EXECUTE FUNCTION supervision_meetings_check();

                -- A session is never booked or moved over supervision its practitioner is in; a session with a scheduled
                -- observation keeps its times and practitioner, and cancelling it (or a no-show) cancels the observation.
                CREATE FUNCTION appointments_supervision() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status NOT IN ('Cancelled', 'NoShow') AND EXISTS (
                        SELECT 1 FROM supervision_meetings m
                        WHERE m.organization_id = NEW.organization_id AND m.status <> 'Cancelled'
                          AND m.start_at < NEW.end_at AND m.end_at > NEW.start_at
                          AND (m.supervisor_id = NEW.practitioner_id OR (m.kind = 'Meeting' AND NEW.practitioner_id = ANY (m.attendee_ids))))
                    THEN
                        RAISE EXCEPTION 'a practitioner would be in a session and supervision at once'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_supervision_meetings_overlap', TABLE = 'appointments';
                    END IF;
                    IF TG_OP = 'UPDATE' AND EXISTS (
                        SELECT 1 FROM supervision_meetings m
                        WHERE m.organization_id = NEW.organization_id AND m.observed_appointment_id = NEW.id AND m.status = 'Scheduled'
                          AND NEW.status NOT IN ('Cancelled', 'NoShow')
                          AND (NEW.practitioner_id <> OLD.practitioner_id OR m.start_at < NEW.start_at OR m.end_at > NEW.end_at))
                    THEN
                        RAISE EXCEPTION 'a session keeps the times of the observation booked in it'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_supervision_meetings_people', TABLE = 'appointments';
                    END IF;
                    IF TG_OP = 'UPDATE' AND NEW.status IN ('Cancelled', 'NoShow') AND OLD.status NOT IN ('Cancelled', 'NoShow') THEN
                        UPDATE supervision_meetings SET status = 'Cancelled', cancellation_reason = 'Its observed session was cancelled.', updated_at = now()
                        WHERE organization_id = NEW.organization_id AND observed_appointment_id = NEW.id AND status = 'Scheduled';
                    END IF;
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER appointments_supervision
                BEFORE INSERT OR UPDATE OF start_at, end_at, practitioner_id, status ON appointments
                FOR EACH ROW EXECUTE FUNCTION appointments_supervision();
                """);
        }


        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER appointments_supervision ON appointments;
                DROP FUNCTION appointments_supervision();
                DROP TRIGGER supervision_meetings_check ON supervision_meetings;
                DROP FUNCTION supervision_meetings_check();
                """);
            migrationBuilder.DropTable(
                name: "supervision_meetings");
        }
    }
}
