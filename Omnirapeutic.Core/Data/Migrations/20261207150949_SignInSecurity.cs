using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SignInSecurity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "idle_logoff_minutes",
                table: "organizations",
                type: "integer",
                nullable: false,
                defaultValue: 15);

            migrationBuilder.AddColumn<string>(
                name: "two_factor_policy",
                table: "organizations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Off");

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_idle_logoff_minutes",
                table: "organizations",
                sql: "idle_logoff_minutes BETWEEN 2 AND 240");

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_two_factor_policy",
                table: "organizations",
                sql: "two_factor_policy IN ('Off', 'Admins', 'Everyone')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_idle_logoff_minutes",
                table: "organizations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_two_factor_policy",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "idle_logoff_minutes",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "two_factor_policy",
                table: "organizations");
        }
    }
}
