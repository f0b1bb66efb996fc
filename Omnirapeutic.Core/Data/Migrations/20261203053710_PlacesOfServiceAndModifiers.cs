using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// Every session gets a place of service (the patient's usual one, office unless set) and the modifiers of its
    /// claim line; every payer a credential-to-modifier map, the usual HM/HN/HO. Existing sessions were all at the office
    /// and take their practitioner's credential modifier. Triggers keep telehealth off payers that do not pay it: a
    /// scheduled telehealth session on such a payer's authorization is refused, and so is a payer that stops paying
    /// telehealth, or an authorization moved to it, while one is scheduled.
    /// </summary>
    public partial class PlacesOfServiceAndModifiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "credential_modifiers",
                table: "payers",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{\"RBT\": \"HM\", \"BCaBA\": \"HN\", \"BCBA\": \"HO\"}'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "usual_place_of_service",
                table: "patients",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                defaultValue: "11");

            migrationBuilder.AddColumn<List<string>>(
                name: "modifiers",
                table: "appointments",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "place_of_service",
                table: "appointments",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                defaultValue: "11");

            migrationBuilder.Sql(
                """
                ALTER TABLE payers ALTER COLUMN credential_modifiers DROP DEFAULT;

                UPDATE appointments a SET modifiers = ARRAY[p.credential_modifiers ->> pr.credential]
                FROM practitioners pr, authorizations au, payers p
                WHERE pr.organization_id = a.organization_id AND pr.id = a.practitioner_id
                  AND au.organization_id = a.organization_id AND au.id = a.authorization_id
                  AND p.organization_id = au.organization_id AND p.id = au.payer_id
                  AND p.credential_modifiers ? pr.credential;

                CREATE FUNCTION appointments_telehealth_paid() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT EXISTS (
                        SELECT 1
                        FROM authorizations au
                        JOIN payers p ON p.organization_id = au.organization_id AND p.id = au.payer_id
                        WHERE au.organization_id = NEW.organization_id AND au.id = NEW.authorization_id AND p.allows_telehealth)
                    THEN
                        RAISE EXCEPTION 'a telehealth session is scheduled on a payer that does not pay telehealth'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_telehealth_paid', TABLE = 'appointments';
                    END IF;

                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER ck_appointments_telehealth_paid
                AFTER INSERT OR UPDATE OF place_of_service, authorization_id, status ON appointments
                FOR EACH ROW WHEN (NEW.place_of_service IN ('02', '10') AND NEW.status = 'Scheduled')
                EXECUTE FUNCTION appointments_telehealth_paid();

                CREATE FUNCTION payers_telehealth_unscheduled() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (
                        SELECT 1
                        FROM authorizations au
                        JOIN appointments a ON a.organization_id = au.organization_id AND a.authorization_id = au.id
                        WHERE au.organization_id = NEW.organization_id AND au.payer_id = NEW.id
                          AND a.status = 'Scheduled' AND a.place_of_service IN ('02', '10'))
                    THEN
                        RAISE EXCEPTION 'a payer that does not pay telehealth has telehealth sessions scheduled'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_telehealth_paid', TABLE = 'payers';
                    END IF;

                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER ck_payers_telehealth_unscheduled
                AFTER UPDATE OF allows_telehealth ON payers
                FOR EACH ROW WHEN (OLD.allows_telehealth AND NOT NEW.allows_telehealth)
                EXECUTE FUNCTION payers_telehealth_unscheduled();

                CREATE FUNCTION authorizations_telehealth_paid() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT (SELECT p.allows_telehealth FROM payers p WHERE p.organization_id = NEW.organization_id AND p.id = NEW.payer_id)
                       AND EXISTS (
                        SELECT 1 FROM appointments a
                        WHERE a.organization_id = NEW.organization_id AND a.authorization_id = NEW.id
                          AND a.status = 'Scheduled' AND a.place_of_service IN ('02', '10'))
                    THEN
                        RAISE EXCEPTION 'an authorization with telehealth sessions scheduled moved to a payer that does not pay telehealth'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_telehealth_paid', TABLE = 'authorizations';
                    END IF;

                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER ck_authorizations_telehealth_paid
                AFTER UPDATE OF payer_id ON authorizations
                FOR EACH ROW WHEN (OLD.payer_id IS DISTINCT FROM NEW.payer_id)
                EXECUTE FUNCTION authorizations_telehealth_paid();
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_patients_usual_place_of_service",
                table: "patients",
                sql: "usual_place_of_service IN ('02', '03', '10', '11', '12')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_appointments_modifiers",
                table: "appointments",
                sql: "modifiers <@ ARRAY['HM', 'HN', 'HO', '95']::text[] AND cardinality(modifiers) <= 2 AND ('95' = ANY (modifiers)) = (place_of_service IN ('02', '10'))");

            migrationBuilder.AddCheckConstraint(
                name: "ck_appointments_place_of_service",
                table: "appointments",
                sql: "place_of_service IN ('02', '03', '10', '11', '12')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER ck_authorizations_telehealth_paid ON authorizations;
                DROP FUNCTION authorizations_telehealth_paid();
                DROP TRIGGER ck_payers_telehealth_unscheduled ON payers;
                DROP FUNCTION payers_telehealth_unscheduled();
                DROP TRIGGER ck_appointments_telehealth_paid ON appointments;
                DROP FUNCTION appointments_telehealth_paid();
                """);

            migrationBuilder.DropCheckConstraint(
                name: "ck_patients_usual_place_of_service",
                table: "patients");

            migrationBuilder.DropCheckConstraint(
                name: "ck_appointments_modifiers",
                table: "appointments");

            migrationBuilder.DropCheckConstraint(
                name: "ck_appointments_place_of_service",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "credential_modifiers",
                table: "payers");

            migrationBuilder.DropColumn(
                name: "usual_place_of_service",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "modifiers",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "place_of_service",
                table: "appointments");
        }
    }
}
