using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// Authorizations may be Requested (sent to the payer) or Denied besides Active and Voided, and an organization may
    /// allow scheduling on requested ones. A trigger holds what the lane checks: units are scheduled only on an Active
    /// authorization, or on a Requested one where the organization allows it; a denied or voided one keeps what it held
    /// until its sessions are moved or cancelled, and takes nothing more.
    /// </summary>
    public partial class AuthorizationLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "allow_scheduling_on_requested",
                table: "organizations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddCheckConstraint(
                name: "ck_authorizations_status",
                table: "authorizations",
                sql: "status IN ('Requested', 'Active', 'Denied', 'Voided')");

            migrationBuilder.Sql(
                """
                CREATE FUNCTION authorizations_schedulable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status <> 'Requested' OR NOT (
                        SELECT o.allow_scheduling_on_requested FROM organizations o WHERE o.id = NEW.organization_id)
                    THEN
                        RAISE EXCEPTION 'units scheduled on an authorization that is not approved'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_authorizations_schedulable', TABLE = 'authorizations';
                    END IF;

                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER ck_authorizations_schedulable
                AFTER UPDATE OF scheduled_units ON authorizations
                FOR EACH ROW WHEN (NEW.status <> 'Active' AND NEW.scheduled_units > OLD.scheduled_units)
                EXECUTE FUNCTION authorizations_schedulable();

                CREATE TRIGGER ck_authorizations_schedulable_opened
                AFTER INSERT ON authorizations
                FOR EACH ROW WHEN (NEW.status <> 'Active' AND NEW.scheduled_units > 0)
                EXECUTE FUNCTION authorizations_schedulable();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER ck_authorizations_schedulable_opened ON authorizations;
                DROP TRIGGER ck_authorizations_schedulable ON authorizations;
                DROP FUNCTION authorizations_schedulable();
                """);

            migrationBuilder.DropCheckConstraint(
                name: "ck_authorizations_status",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "allow_scheduling_on_requested",
                table: "organizations");
        }
    }
}
