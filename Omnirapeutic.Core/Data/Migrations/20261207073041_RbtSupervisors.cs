using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RbtSupervisors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "credential_expires_on",
                table: "practitioners",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "supervisor_id",
                table: "practitioners",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_practitioners_organization_id_supervisor_id",
                table: "practitioners",
                columns: new[] { "organization_id", "supervisor_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_practitioners_practitioners_organization_id_supervisor_id",
                table: "practitioners",
                columns: new[] { "organization_id", "supervisor_id" },
                principalTable: "practitioners",
                principalColumns: new[] { "organization_id", "id" },
                onDelete: ReferentialAction.Restrict);

            // An RBT's supervisor is an active BCBA or BCaBA of the organization, never the RBT; only RBTs have one;
            // and a practitioner who supervises stays an active analyst while anyone names them.
            migrationBuilder.Sql("""
                CREATE FUNCTION practitioners_supervisor() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.supervisor_id IS NOT NULL AND (
                        NEW.credential <> 'RBT' OR NEW.supervisor_id = NEW.id OR NOT EXISTS (
                            SELECT 1 FROM practitioners p
                            WHERE p.organization_id = NEW.organization_id AND p.id = NEW.supervisor_id
                              AND p.credential IN ('BCBA', 'BCaBA') AND p.is_active))
                    THEN
                        RAISE EXCEPTION 'an RBT''s supervisor is an active BCBA or BCaBA of the organization'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_practitioners_supervisor', TABLE = 'practitioners';
                    END IF;
                    IF (NEW.credential NOT IN ('BCBA', 'BCaBA') OR NOT NEW.is_active) AND EXISTS (
                        SELECT 1 FROM practitioners p WHERE p.organization_id = NEW.organization_id AND p.supervisor_id = NEW.id)
                    THEN
                        RAISE EXCEPTION 'a practitioner who supervises RBTs stays an active BCBA or BCaBA'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_practitioners_supervisor', TABLE = 'practitioners';
                    END IF;
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER practitioners_supervisor BEFORE INSERT OR UPDATE OF supervisor_id, credential, is_active ON practitioners
                FOR EACH ROW EXECUTE FUNCTION practitioners_supervisor();

                -- No session is booked or moved past the last day its practitioner's certification holds, in the
                -- organization's time zone.
                CREATE FUNCTION appointments_credential_current() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (
                        SELECT 1 FROM practitioners p JOIN organizations o ON o.id = p.organization_id
                        WHERE p.organization_id = NEW.organization_id AND p.id = NEW.practitioner_id
                          AND p.credential_expires_on IS NOT NULL
                          AND (NEW.start_at AT TIME ZONE o.time_zone_id)::date > p.credential_expires_on)
                    THEN
                        RAISE EXCEPTION 'the practitioner''s certification has expired by the session''s date'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_credential_current', TABLE = 'appointments';
                    END IF;
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER appointments_credential_current BEFORE INSERT OR UPDATE OF start_at, practitioner_id ON appointments
                FOR EACH ROW EXECUTE FUNCTION appointments_credential_current();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER appointments_credential_current ON appointments;
                DROP FUNCTION appointments_credential_current();
                DROP TRIGGER practitioners_supervisor ON practitioners;
                DROP FUNCTION practitioners_supervisor();
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_practitioners_practitioners_organization_id_supervisor_id",
                table: "practitioners");

            migrationBuilder.DropIndex(
                name: "ix_practitioners_organization_id_supervisor_id",
                table: "practitioners");

            migrationBuilder.DropColumn(
                name: "credential_expires_on",
                table: "practitioners");

            migrationBuilder.DropColumn(
                name: "supervisor_id",
                table: "practitioners");
        }
    }
}
