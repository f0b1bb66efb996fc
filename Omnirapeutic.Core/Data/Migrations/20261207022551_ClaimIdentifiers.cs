using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Omnirapeutic.Core.Data.Migrations
{
    /// <summary>
    /// What a claim needs and a payer asks: clients' diagnosis codes (ICD-10-CM, checked by <c>icd10_codes_valid</c>)
    /// and the subscriber of their policy, copied onto each claim line with its diagnosis pointer (lines made before
    /// carry neither; <c>ck_claim_lines_diagnosed</c>, NOT VALID, gives every later line both); payers' timely-filing
    /// days, copied onto each batch; and the caregiver's signature a payer may require, checked at COMMIT when a
    /// session is documented.
    /// </summary>
    public partial class ClaimIdentifiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE FUNCTION icd10_codes_valid(codes text[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
                    SELECT coalesce(bool_and(c ~ '^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'), true) AND count(DISTINCT c) = count(*)
                    FROM unnest(codes) AS c
                $$;
                """);

            migrationBuilder.AddColumn<string>(
                name: "caregiver_name",
                table: "session_notes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "caregiver_relationship",
                table: "session_notes",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "caregiver_signed_at",
                table: "session_notes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "requires_caregiver_signature",
                table: "payers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "timely_filing_days",
                table: "payers",
                type: "integer",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.AddColumn<List<string>>(
                name: "diagnosis_codes",
                table: "patients",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "subscriber_first_name",
                table: "patients",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subscriber_last_name",
                table: "patients",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subscriber_relationship",
                table: "patients",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Self");

            migrationBuilder.AddColumn<List<string>>(
                name: "diagnosis_codes",
                table: "claim_lines",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<int>(
                name: "diagnosis_pointer",
                table: "claim_lines",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subscriber_name",
                table: "claim_lines",
                type: "character varying(401)",
                maxLength: 401,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subscriber_relationship",
                table: "claim_lines",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "timely_filing_days",
                table: "claim_batches",
                type: "integer",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.AddCheckConstraint(
                name: "ck_session_notes_caregiver_signature",
                table: "session_notes",
                sql: "(caregiver_signed_at IS NULL) = (caregiver_name IS NULL) AND (caregiver_signed_at IS NULL) = (caregiver_relationship IS NULL) AND (caregiver_signed_at IS NULL OR (caregiver_signed_at = signed_at AND btrim(caregiver_name) <> '' AND btrim(caregiver_relationship) <> ''))");

            migrationBuilder.AddCheckConstraint(
                name: "ck_payers_timely_filing_days",
                table: "payers",
                sql: "timely_filing_days BETWEEN 1 AND 730");

            migrationBuilder.AddCheckConstraint(
                name: "ck_patients_diagnosis_codes",
                table: "patients",
                sql: "cardinality(diagnosis_codes) BETWEEN 0 AND 12 AND icd10_codes_valid(diagnosis_codes)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_patients_subscriber",
                table: "patients",
                sql: "(subscriber_relationship = 'Self') = (subscriber_first_name IS NULL) AND (subscriber_first_name IS NULL) = (subscriber_last_name IS NULL) AND (subscriber_first_name IS NULL OR (btrim(subscriber_first_name) <> '' AND btrim(subscriber_last_name) <> ''))");

            migrationBuilder.AddCheckConstraint(
                name: "ck_claim_lines_diagnosis",
                table: "claim_lines",
                sql: "(diagnosis_pointer IS NULL) = (subscriber_relationship IS NULL) AND CASE WHEN diagnosis_pointer IS NULL THEN cardinality(diagnosis_codes) = 0 ELSE diagnosis_pointer BETWEEN 1 AND cardinality(diagnosis_codes) AND cardinality(diagnosis_codes) BETWEEN 1 AND 12 AND icd10_codes_valid(diagnosis_codes) END");

            migrationBuilder.AddCheckConstraint(
                name: "ck_claim_batches_timely_filing_days",
                table: "claim_batches",
                sql: "timely_filing_days BETWEEN 1 AND 730");

            migrationBuilder.Sql(
                """
                ALTER TABLE claim_lines ALTER COLUMN diagnosis_codes DROP DEFAULT;
                ALTER TABLE claim_batches ALTER COLUMN timely_filing_days DROP DEFAULT;
                ALTER TABLE claim_lines ADD CONSTRAINT ck_claim_lines_diagnosed CHECK (diagnosis_pointer IS NOT NULL) NOT VALID;

                CREATE OR REPLACE FUNCTION appointments_documented_signed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT EXISTS (
                        SELECT 1 FROM session_notes n
                        WHERE n.organization_id = NEW.organization_id AND n.appointment_id = NEW.id AND n.signed_at IS NOT NULL)
                    THEN
                        RAISE EXCEPTION 'a session is documented only with its note signed'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_documented_signed', TABLE = 'appointments';
                    END IF;

                    -- The caregiver's signature is asked for when a session is documented, not again when a verified
                    -- one reopens for review (the payer may have started requiring it since).
                    IF NEW.status <> 'Documented' THEN
                        RETURN NULL;
                    END IF;
                    IF TG_OP = 'UPDATE' THEN
                        IF OLD.status <> 'Completed' THEN
                            RETURN NULL;
                        END IF;
                    END IF;

                    IF EXISTS (
                        SELECT 1 FROM authorizations au
                        JOIN payers p ON p.organization_id = au.organization_id AND p.id = au.payer_id
                        WHERE au.organization_id = NEW.organization_id AND au.id = NEW.authorization_id AND p.requires_caregiver_signature)
                    AND NOT EXISTS (
                        SELECT 1 FROM session_notes n
                        WHERE n.organization_id = NEW.organization_id AND n.appointment_id = NEW.id AND n.caregiver_signed_at IS NOT NULL)
                    THEN
                        RAISE EXCEPTION 'the payer requires a caregiver''s signature for the session to be documented'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_caregiver_signed', TABLE = 'appointments';
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE OR REPLACE FUNCTION appointments_documented_signed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status NOT IN ('Scheduled', 'Completed', 'Cancelled', 'NoShow') AND NOT EXISTS (
                        SELECT 1 FROM session_notes n
                        WHERE n.organization_id = NEW.organization_id AND n.appointment_id = NEW.id AND n.signed_at IS NOT NULL)
                    THEN
                        RAISE EXCEPTION 'a session is documented only with its note signed'
                            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_appointments_documented_signed', TABLE = 'appointments';
                    END IF;
                    RETURN NULL;
                END
                $$;

                ALTER TABLE claim_lines DROP CONSTRAINT ck_claim_lines_diagnosed;
                """);

            migrationBuilder.DropCheckConstraint(
                name: "ck_session_notes_caregiver_signature",
                table: "session_notes");

            migrationBuilder.DropCheckConstraint(
                name: "ck_payers_timely_filing_days",
                table: "payers");

            migrationBuilder.DropCheckConstraint(
                name: "ck_patients_diagnosis_codes",
                table: "patients");

            migrationBuilder.DropCheckConstraint(
                name: "ck_patients_subscriber",
                table: "patients");

            migrationBuilder.DropCheckConstraint(
                name: "ck_claim_lines_diagnosis",
                table: "claim_lines");

            migrationBuilder.DropCheckConstraint(
                name: "ck_claim_batches_timely_filing_days",
                table: "claim_batches");

            migrationBuilder.DropColumn(
                name: "caregiver_name",
                table: "session_notes");

            migrationBuilder.DropColumn(
                name: "caregiver_relationship",
                table: "session_notes");

            migrationBuilder.DropColumn(
                name: "caregiver_signed_at",
                table: "session_notes");

            migrationBuilder.DropColumn(
                name: "requires_caregiver_signature",
                table: "payers");

            migrationBuilder.DropColumn(
                name: "timely_filing_days",
                table: "payers");

            migrationBuilder.DropColumn(
                name: "diagnosis_codes",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "subscriber_first_name",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "subscriber_last_name",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "subscriber_relationship",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "diagnosis_codes",
                table: "claim_lines");

            migrationBuilder.DropColumn(
                name: "diagnosis_pointer",
                table: "claim_lines");

            migrationBuilder.DropColumn(
                name: "subscriber_name",
                table: "claim_lines");

            migrationBuilder.DropColumn(
                name: "subscriber_relationship",
                table: "claim_lines");

            migrationBuilder.DropColumn(
                name: "timely_filing_days",
                table: "claim_batches");

            migrationBuilder.Sql("DROP FUNCTION icd10_codes_valid(text[]);");
        }
    }
}
