using Microsoft.EntityFrameworkCore.Migrations;
using Omnirapeutic.Core.Auditing;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "audit_events",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Change");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_organization_id_actor_user_id_occurred_at",
                table: "audit_events",
                columns: new[] { "organization_id", "actor_user_id", "occurred_at" });

            migrationBuilder.AddCheckConstraint(
                name: "ck_audit_events_kind",
                table: "audit_events",
                sql: "kind IN ('Change', 'Access')");

            // Append-only for every role but the purge command's, which may only delete (past retention, AuditRetention).
            migrationBuilder.Sql($$"""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'DELETE' AND current_user = '{{AuditRetention.PurgeRole}}' THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'audit events are append-only: % by % refused', TG_OP, current_user
                        USING ERRCODE = 'insufficient_privilege';
                END
                $fn$;
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
                CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
                DO $grant$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{{AuditRetention.PurgeRole}}') THEN
                        GRANT SELECT, DELETE ON audit_events TO {{AuditRetention.PurgeRole}};
                    END IF;
                END
                $grant$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_events_no_truncate ON audit_events;
                DROP TRIGGER audit_events_append_only ON audit_events;
                DROP FUNCTION audit_events_append_only();
                """);

            migrationBuilder.DropIndex(
                name: "ix_audit_events_organization_id_actor_user_id_occurred_at",
                table: "audit_events");

            migrationBuilder.DropCheckConstraint(
                name: "ck_audit_events_kind",
                table: "audit_events");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "audit_events");
        }
    }
}
