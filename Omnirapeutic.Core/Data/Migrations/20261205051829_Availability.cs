using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// Practitioners' weekly working hours and time off, and clients' weekly availability; no two windows of one
    /// person's day and no two stretches of one practitioner's time off overlap (exclusion constraints).
    /// </summary>
    public partial class Availability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "client_availability",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_minute = table.Column<int>(type: "integer", nullable: false),
                    to_minute = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_availability", x => x.id);
                    table.CheckConstraint("ck_client_availability_window", "day IN ('Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday') AND from_minute >= 0 AND from_minute < to_minute AND to_minute <= 1440");
                    table.ForeignKey(
                        name: "fk_client_availability_patients_organization_id_patient_id",
                        columns: x => new { x.organization_id, x.patient_id },
                        principalTable: "patients",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "time_off",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_time_off", x => x.id);
                    table.CheckConstraint("ck_time_off_times", "ends_at > starts_at AND ends_at - starts_at <= interval '92 days'");
                    table.ForeignKey(
                        name: "fk_time_off_practitioners_organization_id_practitioner_id",
                        columns: x => new { x.organization_id, x.practitioner_id },
                        principalTable: "practitioners",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "working_hours",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    practitioner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_minute = table.Column<int>(type: "integer", nullable: false),
                    to_minute = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_working_hours", x => x.id);
                    table.CheckConstraint("ck_working_hours_window", "day IN ('Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday') AND from_minute >= 0 AND from_minute < to_minute AND to_minute <= 1440");
                    table.ForeignKey(
                        name: "fk_working_hours_practitioners_organization_id_practitioner_id",
                        columns: x => new { x.organization_id, x.practitioner_id },
                        principalTable: "practitioners",
                        principalColumns: new[] { "organization_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_availability_organization_id_patient_id",
                table: "client_availability",
                columns: new[] { "organization_id", "patient_id" });

            migrationBuilder.CreateIndex(
                name: "ix_time_off_organization_id_practitioner_id_starts_at",
                table: "time_off",
                columns: new[] { "organization_id", "practitioner_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_working_hours_organization_id_practitioner_id",
                table: "working_hours",
                columns: new[] { "organization_id", "practitioner_id" });

            migrationBuilder.Sql("""
                ALTER TABLE working_hours ADD CONSTRAINT ex_working_hours_overlap
                    EXCLUDE USING gist (organization_id WITH =, practitioner_id WITH =, day WITH =, int4range(from_minute, to_minute) WITH &&);
                ALTER TABLE client_availability ADD CONSTRAINT ex_client_availability_overlap
                    EXCLUDE USING gist (organization_id WITH =, patient_id WITH =, day WITH =, int4range(from_minute, to_minute) WITH &&);
                ALTER TABLE time_off ADD CONSTRAINT ex_time_off_overlap
                    EXCLUDE USING gist (organization_id WITH =, practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_availability");

            migrationBuilder.DropTable(
                name: "time_off");

            migrationBuilder.DropTable(
                name: "working_hours");
        }
    }
}
