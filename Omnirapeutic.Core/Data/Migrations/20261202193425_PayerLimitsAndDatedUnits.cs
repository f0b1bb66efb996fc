using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// Limits per day, week and month on authorizations, a service date on every ledger entry, and the period rows that
    /// hold each authorization's units per local day (and per week and month where it is limited) with CHECKs against
    /// the limits. Existing entries count on their session's local start date, or on the authorization's start date when
    /// they belong to no session, so every day row built from them holds what its entries sum to and none goes negative.
    /// </summary>
    public partial class PayerLimitsAndDatedUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "service_date",
                table: "unit_ledger_entries",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "limit_per_day",
                table: "authorizations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "limit_per_month",
                table: "authorizations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "limit_per_week",
                table: "authorizations",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "unit_periods",
                columns: table => new
                {
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    authorization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    scheduled_units = table.Column<int>(type: "integer", nullable: false),
                    used_units = table.Column<int>(type: "integer", nullable: false),
                    limit_units = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_periods", x => new { x.organization_id, x.authorization_id, x.kind, x.starts_on });
                    table.CheckConstraint("ck_unit_periods_limit_positive", "limit_units IS NULL OR limit_units > 0");
                    table.CheckConstraint("ck_unit_periods_month_starts", "kind <> 'Month' OR extract(day FROM starts_on) = 1");
                    table.CheckConstraint("ck_unit_periods_units_nonnegative", "scheduled_units >= 0 AND used_units >= 0");
                    table.CheckConstraint("ck_unit_periods_weeks_and_months_limited", "kind = 'Day' OR limit_units IS NOT NULL");
                    table.CheckConstraint("ck_unit_periods_within_limit", "limit_units IS NULL OR scheduled_units + used_units <= limit_units");
                    table.ForeignKey(
                        name: "fk_unit_periods_authorizations_organization_id_authorization_id",
                        columns: x => new { x.organization_id, x.authorization_id },
                        principalTable: "authorizations",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_authorizations_limits_positive",
                table: "authorizations",
                sql: "(limit_per_day IS NULL OR limit_per_day > 0) AND (limit_per_week IS NULL OR limit_per_week > 0) AND (limit_per_month IS NULL OR limit_per_month > 0)");

            migrationBuilder.Sql(
                """
                UPDATE unit_ledger_entries e
                SET service_date = coalesce(
                    (SELECT (s.start_at AT TIME ZONE o.time_zone_id)::date
                     FROM appointments s JOIN organizations o ON o.id = s.organization_id
                     WHERE s.organization_id = e.organization_id AND s.id = e.appointment_id),
                    (SELECT a.start_date FROM authorizations a WHERE a.organization_id = e.organization_id AND a.id = e.authorization_id));

                INSERT INTO unit_periods (organization_id, authorization_id, kind, starts_on, scheduled_units, used_units, limit_units)
                SELECT organization_id, authorization_id, 'Day', service_date,
                       sum(CASE kind WHEN 'Reserve' THEN units WHEN 'Release' THEN -units WHEN 'Consume' THEN -units ELSE 0 END),
                       coalesce(sum(units) FILTER (WHERE kind = 'Consume'), 0),
                       NULL
                FROM unit_ledger_entries
                WHERE kind <> 'Adjust'
                GROUP BY organization_id, authorization_id, service_date;
                """);

            migrationBuilder.AlterColumn<DateOnly>(
                name: "service_date",
                table: "unit_ledger_entries",
                type: "date",
                nullable: false,
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_periods");

            migrationBuilder.DropCheckConstraint(
                name: "ck_authorizations_limits_positive",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "service_date",
                table: "unit_ledger_entries");

            migrationBuilder.DropColumn(
                name: "limit_per_day",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "limit_per_month",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "limit_per_week",
                table: "authorizations");
        }
    }
}
