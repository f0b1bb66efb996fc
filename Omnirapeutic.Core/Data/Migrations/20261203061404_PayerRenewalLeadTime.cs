using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>Each payer says how many days before an authorization ends its renewal is due; 60 for the existing ones.</summary>
    public partial class PayerRenewalLeadTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "renewal_lead_days",
                table: "payers",
                type: "integer",
                nullable: false,
                defaultValue: 60);

            migrationBuilder.AddCheckConstraint(
                name: "ck_payers_renewal_lead_days",
                table: "payers",
                sql: "renewal_lead_days BETWEEN 0 AND 365");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_payers_renewal_lead_days",
                table: "payers");

            migrationBuilder.DropColumn(
                name: "renewal_lead_days",
                table: "payers");
        }
    }
}
