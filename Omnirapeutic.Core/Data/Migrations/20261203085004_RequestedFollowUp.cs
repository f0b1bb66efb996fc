using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>After how many days without the payer's answer a requested authorization goes on the admin's worklist (14 unless set).</summary>
    public partial class RequestedFollowUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "requested_follow_up_days",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 14);

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_requested_follow_up_days",
                table: "organizations",
                sql: "requested_follow_up_days BETWEEN 1 AND 180");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_requested_follow_up_days",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "requested_follow_up_days",
                table: "organizations");
        }
    }
}
