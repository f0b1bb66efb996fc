using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// An authorization may renew another: each links the other, once. Deferred triggers hold what the lane does: a
    /// successor has its predecessor's patient, code and payer and starts after the predecessor ends, and an
    /// authorization whose end date moves earlier holds no units after it (the renewal moved them first).
    /// </summary>
    public partial class AuthorizationRenewal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "predecessor_id",
                table: "authorizations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "successor_id",
                table: "authorizations",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_authorizations_organization_id_predecessor_id",
                table: "authorizations",
                columns: new[] { "organization_id", "predecessor_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_authorizations_organization_id_successor_id",
                table: "authorizations",
                columns: new[] { "organization_id", "successor_id" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_authorizations_authorizations_organization_id_predecessor_id",
                table: "authorizations",
                columns: new[] { "organization_id", "predecessor_id" },
                principalTable: "authorizations",
                principalColumns: new[] { "organization_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_authorizations_authorizations_organization_id_successor_id",
                table: "authorizations",
                columns: new[] { "organization_id", "successor_id" },
                principalTable: "authorizations",
                principalColumns: new[] { "organization_id", "id" },
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.Sql(
                """
                CREATE FUNCTION authorizations_succession() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.predecessor_id IS NOT NULL AND NOT EXISTS (
                            SELECT 1 FROM authorizations p
                            WHERE p.organization_id = NEW.organization_id AND p.id = NEW.predecessor_id AND p.successor_id = NEW.id
                              AND p.patient_id = NEW.patient_id AND p.service_code = NEW.service_code AND p.payer_id = NEW.payer_id
                              AND p.end_date < NEW.start_date)
                       OR NEW.successor_id IS NOT NULL AND NOT EXISTS (
                            SELECT 1 FROM authorizations s
                            WHERE s.organization_id = NEW.organization_id AND s.id = NEW.successor_id AND s.predecessor_id = NEW.id
                              AND s.patient_id = NEW.patient_id AND s.service_code = NEW.service_code AND s.payer_id = NEW.payer_id
                              AND s.start_date > NEW.end_date)
                    THEN
                        RAISE EXCEPTION 'a renewal has its predecessor''s patient, code and payer and starts after the predecessor ends'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_authorizations_succession', TABLE = 'authorizations';
                    END IF;

                    RETURN NULL;
                END
                $$;

                CREATE CONSTRAINT TRIGGER ck_authorizations_succession
                AFTER INSERT OR UPDATE OF predecessor_id, successor_id, start_date, end_date, patient_id, service_code, payer_id ON authorizations
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION authorizations_succession();

                CREATE FUNCTION authorizations_units_within_dates() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (
                        SELECT 1 FROM unit_periods u
                        WHERE u.organization_id = NEW.organization_id AND u.authorization_id = NEW.id AND u.kind = 'Day'
                          AND u.starts_on > NEW.end_date AND u.scheduled_units + u.used_units > 0)
                    THEN
                        RAISE EXCEPTION 'units are held after the authorization''s end date'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_authorizations_units_within_dates', TABLE = 'authorizations';
                    END IF;

                    RETURN NULL;
                END
                $$;

                CREATE CONSTRAINT TRIGGER ck_authorizations_units_within_dates
                AFTER UPDATE OF end_date ON authorizations
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.end_date < OLD.end_date)
                EXECUTE FUNCTION authorizations_units_within_dates();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER ck_authorizations_units_within_dates ON authorizations;
                DROP FUNCTION authorizations_units_within_dates();
                DROP TRIGGER ck_authorizations_succession ON authorizations;
                DROP FUNCTION authorizations_succession();
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_authorizations_authorizations_organization_id_predecessor_id",
                table: "authorizations");

            migrationBuilder.DropForeignKey(
                name: "fk_authorizations_authorizations_organization_id_successor_id",
                table: "authorizations");

            migrationBuilder.DropIndex(
                name: "ix_authorizations_organization_id_predecessor_id",
                table: "authorizations");

            migrationBuilder.DropIndex(
                name: "ix_authorizations_organization_id_successor_id",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "predecessor_id",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "successor_id",
                table: "authorizations");
        }
    }
}
