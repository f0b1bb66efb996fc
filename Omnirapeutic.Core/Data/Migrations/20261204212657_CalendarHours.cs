using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>The hours the calendars show, per organization (7:00 to 19:00 for every existing one, as before).</summary>
    public partial class CalendarHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "calendar_end_hour",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 19);

            migrationBuilder.AddColumn<int>(
                name: "calendar_start_hour",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_calendar_hours",
                table: "organizations",
                sql: "calendar_start_hour >= 0 AND calendar_start_hour < calendar_end_hour AND calendar_end_hour <= 24");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_calendar_hours",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "calendar_end_hour",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "calendar_start_hour",
                table: "organizations");
        }
    }
}
