using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PayersAndTheirRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    rounding_rule = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    allows_telehealth = table.Column<bool>(type: "boolean", nullable: false),
                    week_starts_on = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    supervision_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    concurrent_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    fees = table.Column<Dictionary<string, decimal>>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payers", x => x.id);
                    table.UniqueConstraint("ak_payers_organization_id_id", x => new { x.organization_id, x.id });
                    table.CheckConstraint("ck_payers_concurrent_codes", "concurrent_codes <@ ARRAY['97151+97153', '97151+97155', '97151+97156', '97151+97157', '97153+97151', '97153+97155', '97153+97156', '97153+97157', '97155+97151', '97155+97153', '97155+97156', '97155+97157', '97156+97151', '97156+97153', '97156+97155', '97156+97157', '97157+97151', '97157+97153', '97157+97155', '97157+97156']::text[]");
                    table.CheckConstraint("ck_payers_supervision_percent", "supervision_percent BETWEEN 5 AND 100");
                    table.ForeignKey(
                        name: "fk_payers_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_payers_one_default",
                table: "payers",
                column: "organization_id",
                unique: true,
                filter: "is_default");

            migrationBuilder.CreateIndex(
                name: "ix_payers_organization_id_name",
                table: "payers",
                columns: new[] { "organization_id", "name" },
                unique: true);

            // Every organization's current rounding setting becomes its default payer's rule; its authorizations
            // belong to that payer and its sessions keep the rule they were booked under.
            migrationBuilder.Sql(
                """
                INSERT INTO payers (id, organization_id, name, rounding_rule, allows_telehealth, week_starts_on,
                                    supervision_percent, is_default, concurrent_codes, fees)
                SELECT gen_random_uuid(), o.id, 'Default payer', o.rounding_rule, true, 'Sunday', 5, true, ARRAY['97155+97153'], '{}'::jsonb
                FROM organizations o;

                ALTER TABLE authorizations ADD COLUMN payer_id uuid;
                UPDATE authorizations a SET payer_id = p.id FROM payers p WHERE p.organization_id = a.organization_id AND p.is_default;
                ALTER TABLE authorizations ALTER COLUMN payer_id SET NOT NULL;

                ALTER TABLE appointments ADD COLUMN rounding_rule character varying(20);
                UPDATE appointments a SET rounding_rule = o.rounding_rule FROM organizations o WHERE o.id = a.organization_id;
                ALTER TABLE appointments ALTER COLUMN rounding_rule SET NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_authorizations_organization_id_payer_id",
                table: "authorizations",
                columns: new[] { "organization_id", "payer_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_authorizations_payers_organization_id_payer_id",
                table: "authorizations",
                columns: new[] { "organization_id", "payer_id" },
                principalTable: "payers",
                principalColumns: new[] { "organization_id", "id" },
                onDelete: ReferentialAction.Restrict);

            // Defence in depth for the payers' overlap rules: at COMMIT, an active session of a patient may overlap
            // another active one only when the payers of both authorizations pay that pair of codes at once. The
            // row is read again, as it stands at COMMIT: the batch may have moved or cancelled it after writing it.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION appointments_patient_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
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

                CREATE CONSTRAINT TRIGGER ex_appointments_patient_overlap
                AFTER INSERT OR UPDATE OF start_at, end_at, status, patient_id, authorization_id ON appointments
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION appointments_patient_overlap();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER ex_appointments_patient_overlap ON appointments;
                DROP FUNCTION appointments_patient_overlap();
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_authorizations_payers_organization_id_payer_id",
                table: "authorizations");

            migrationBuilder.DropTable(
                name: "payers");

            migrationBuilder.DropIndex(
                name: "ix_authorizations_organization_id_payer_id",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "payer_id",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "rounding_rule",
                table: "appointments");
        }
    }
}
