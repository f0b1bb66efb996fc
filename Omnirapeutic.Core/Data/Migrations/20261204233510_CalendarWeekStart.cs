using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>The day the calendars' weeks start on, per organization (Monday for every existing one, as before).</summary>
    public partial class CalendarWeekStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "calendar_week_starts_on",
                table: "organizations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Monday");

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_calendar_week_starts_on",
                table: "organizations",
                sql: "calendar_week_starts_on IN ('Monday', 'Sunday')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_calendar_week_starts_on",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "calendar_week_starts_on",
                table: "organizations");
        }
    }
}
