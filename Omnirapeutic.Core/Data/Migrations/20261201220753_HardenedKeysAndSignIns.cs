using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class HardenedKeysAndSignIns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Records from before held raw fingerprints and no user; they only replay answers for a day, so they go.
            migrationBuilder.Sql("DELETE FROM idempotency_records");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropIndex(
                name: "ix_idempotency_records_created_at",
                table: "idempotency_records");

            migrationBuilder.AlterColumn<string>(
                name: "refusal_message",
                table: "idempotency_records",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1000)",
                oldMaxLength: 1000,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "fingerprint",
                table: "idempotency_records",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500);

            migrationBuilder.AddColumn<Guid>(
                name: "user_id",
                table: "idempotency_records",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "expires_at",
                table: "idempotency_records",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "organization_id", "user_id", "key" });

            migrationBuilder.CreateTable(
                name: "refresh_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    family_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_refresh_tokens", x => x.id);
                    table.CheckConstraint("ck_refresh_tokens_lifetime", "expires_at > issued_at");
                    table.CheckConstraint("ck_refresh_tokens_used_after_issue", "used_at IS NULL OR used_at >= issued_at");
                    table.ForeignKey(
                        name: "fk_refresh_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sign_in_attempts",
                columns: table => new
                {
                    account_key = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    last_failure_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retry_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sign_in_attempts", x => x.account_key);
                    table.CheckConstraint("ck_sign_in_attempts_failures", "failures >= 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_expires_at",
                table: "idempotency_records",
                column: "expires_at");

            migrationBuilder.AddCheckConstraint(
                name: "ck_idempotency_records_expiry",
                table: "idempotency_records",
                sql: "expires_at > created_at");

            migrationBuilder.AddCheckConstraint(
                name: "ck_authorizations_service_date_range",
                table: "authorizations",
                sql: "start_date >= DATE '2000-01-01' AND end_date <= DATE '2199-12-31'");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_expires_at",
                table: "refresh_tokens",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_family_id",
                table: "refresh_tokens",
                column: "family_id");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_user_id",
                table: "refresh_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_sign_in_attempts_last_failure_at",
                table: "sign_in_attempts",
                column: "last_failure_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "refresh_tokens");

            migrationBuilder.DropTable(
                name: "sign_in_attempts");

            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.DropIndex(
                name: "ix_idempotency_records_expires_at",
                table: "idempotency_records");

            migrationBuilder.DropCheckConstraint(
                name: "ck_idempotency_records_expiry",
                table: "idempotency_records");

            migrationBuilder.DropCheckConstraint(
                name: "ck_authorizations_service_date_range",
                table: "authorizations");

            migrationBuilder.DropColumn(
                name: "user_id",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "idempotency_records");

            migrationBuilder.AlterColumn<string>(
                name: "refusal_message",
                table: "idempotency_records",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "fingerprint",
                table: "idempotency_records",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character(64)",
                oldFixedLength: true,
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "organization_id", "key" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_records_created_at",
                table: "idempotency_records",
                column: "created_at");
        }
    }
}
