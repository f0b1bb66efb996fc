using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class TwoFactorPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "two_factor_policy",
                table: "organizations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Off");

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_two_factor_policy",
                table: "organizations",
                sql: "two_factor_policy IN ('Off', 'Admins', 'Everyone')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_two_factor_policy",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "two_factor_policy",
                table: "organizations");
        }
    }
}
