using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneLanePerOrganization : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddCheckConstraint(
                name: "ck_appointments_duration",
                table: "appointments",
                sql: "end_at - start_at <= interval '12 hours'");

            // Checked at COMMIT: one batch may cancel or move a session and book another in its place.
            migrationBuilder.Sql(
                """
                ALTER TABLE appointments DROP CONSTRAINT ex_appointments_practitioner_overlap;
                ALTER TABLE appointments ADD CONSTRAINT ex_appointments_practitioner_overlap
                EXCLUDE USING gist (
                    organization_id WITH =,
                    practitioner_id WITH =,
                    tstzrange(start_at, end_at, '[)') WITH &&)
                WHERE (status IN ('Scheduled', 'Completed'))
                DEFERRABLE INITIALLY DEFERRED;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                ALTER TABLE appointments DROP CONSTRAINT ex_appointments_practitioner_overlap;
                ALTER TABLE appointments ADD CONSTRAINT ex_appointments_practitioner_overlap
                EXCLUDE USING gist (
                    organization_id WITH =,
                    practitioner_id WITH =,
                    tstzrange(start_at, end_at, '[)') WITH &&)
                WHERE (status IN ('Scheduled', 'Completed'));
                """);

            migrationBuilder.DropCheckConstraint(
                name: "ck_appointments_duration",
                table: "appointments");
        }
    }
}
