using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// The identifiers a claim needs: practitioners' NPIs (unique in an organization) and the organization's billing NPI
    /// and tax id. <c>npi_is_valid</c> is CMS's check digit (Luhn over 80840 and the first nine digits) in SQL, as
    /// <c>ProviderNpi</c> computes it, so the CHECKs refuse what the domain refuses.
    /// </summary>
    public partial class ProviderIdentifiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE FUNCTION npi_is_valid(npi text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                    -- CASE, not AND: the digits are read only once they are known to be ten digits.
                    SELECT CASE WHEN npi ~ '^[0-9]{10}$' THEN (
                        SELECT sum(CASE WHEN p % 2 = 0 THEN (2 * d) / 10 + (2 * d) % 10 ELSE d END) % 10 = 0
                        FROM (SELECT substr('80840' || npi, 16 - p, 1)::int AS d, p FROM generate_series(1, 15) AS p) AS digits)
                    ELSE false END
                $$;
                """);

            migrationBuilder.AddColumn<string>(
                name: "npi",
                table: "practitioners",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "billing_npi",
                table: "organizations",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tax_id",
                table: "organizations",
                type: "character varying(9)",
                maxLength: 9,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_practitioners_organization_id_npi",
                table: "practitioners",
                columns: new[] { "organization_id", "npi" },
                unique: true,
                filter: "npi IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_practitioners_npi",
                table: "practitioners",
                sql: "npi IS NULL OR npi_is_valid(npi)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_billing_npi",
                table: "organizations",
                sql: "billing_npi IS NULL OR npi_is_valid(billing_npi)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_tax_id",
                table: "organizations",
                sql: "tax_id IS NULL OR tax_id ~ '^[0-9]{9}$'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_practitioners_organization_id_npi",
                table: "practitioners");

            migrationBuilder.DropCheckConstraint(
                name: "ck_practitioners_npi",
                table: "practitioners");

            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_billing_npi",
                table: "organizations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_tax_id",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "npi",
                table: "practitioners");

            migrationBuilder.DropColumn(
                name: "billing_npi",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "tax_id",
                table: "organizations");

            migrationBuilder.Sql("DROP FUNCTION npi_is_valid(text);");
        }
    }
}
