using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>The Scheduler role: the front desk, every practitioner's schedule and nothing of the administration.</summary>
    public partial class SchedulerRole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name" },
                values: new object[] { new Guid("0193f2a0-0000-7000-8000-000000000003"), "0193f2a0-0000-7000-8000-000000000003", "Scheduler", "SCHEDULER" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "roles",
                keyColumn: "id",
                keyValue: new Guid("0193f2a0-0000-7000-8000-000000000003"));
        }
    }
}
