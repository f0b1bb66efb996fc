using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Data.Configurations;

/// <remarks>
/// A line carries its batch's <c>voided</c> through a second foreign key on (organization, batch, voided) that cascades
/// on update, added by SQL (EF Core neither cascades updates nor lets a key property change), so voiding a batch voids
/// its lines and a partial unique index keeps each session in one batch that is not voided.
/// Triggers added by SQL (migration SessionVerificationAndClaims) keep batches and lines as they were made (a batch is only ever
/// voided, and has at COMMIT the lines it was made with, none added later) and, at COMMIT, a session billed exactly
/// when it has a line that is not voided, with the line's units its consumed units.
/// </remarks>
internal sealed class ClaimBatchConfiguration : IEntityTypeConfiguration<ClaimBatch>
{
    /// <summary>Raised by the triggers that refuse to change or remove a batch or a line other than by voiding.</summary>
    public const string ReadOnlyConstraint = "ck_claims_read_only";

    /// <summary>Raised at COMMIT when a session's billed state, or a line's units, disagree with its lines.</summary>
    public const string BilledConstraint = "ck_claims_billed_sessions";

    /// <summary>The partial unique index: a session in at most one batch that is not voided.</summary>
    public const string OneLiveLineIndex = "ix_claim_lines_organization_id_appointment_id";

    public void Configure(EntityTypeBuilder<ClaimBatch> builder)
    {
        builder.ToTable("claim_batches", t =>
        {
            t.HasCheckConstraint("ck_claim_batches_range", "to_date >= from_date");
            t.HasCheckConstraint("ck_claim_batches_line_count", "line_count > 0");
            t.HasCheckConstraint("ck_claim_batches_timely_filing_days", $"timely_filing_days BETWEEN 1 AND {Payer.MaxTimelyFilingDays}");
            t.HasCheckConstraint(
                "ck_claim_batches_void",
                "voided = (voided_at IS NOT NULL) AND (voided_at IS NULL) = (voided_by_user_id IS NULL) AND (voided_at IS NULL) = (void_reason IS NULL)");
        });
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.HasAlternateKey(b => new { b.OrganizationId, b.Id });
        builder.Property(b => b.PayerName).HasMaxLength(200);
        builder.Property(b => b.VoidReason).HasMaxLength(ClaimBatch.MaxVoidReasonLength);
        builder.HasIndex(b => new { b.OrganizationId, b.CreatedAt });
        builder.HasOne<Payer>().WithMany()
            .HasForeignKey(b => new { b.OrganizationId, b.PayerId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(b => b.Lines).WithOne()
            .HasForeignKey(l => new { l.OrganizationId, l.BatchId })
            .HasPrincipalKey(b => new { b.OrganizationId, b.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(b => b.Lines).HasField("_lines");
    }
}

/// <remarks>
/// Lines made before diagnoses and subscribers were recorded carry neither; a check added by SQL as NOT VALID
/// (migration ClaimIdentifiers), <c>ck_claim_lines_diagnosed</c>, gives every later line both.
/// </remarks>
internal sealed class ClaimLineConfiguration : IEntityTypeConfiguration<ClaimLine>
{
    public void Configure(EntityTypeBuilder<ClaimLine> builder)
    {
        builder.ToTable("claim_lines", t =>
        {
            t.HasCheckConstraint("ck_claim_lines_units", "units > 0 AND line_number > 0");
            t.HasCheckConstraint("ck_claim_lines_charge", "unit_fee >= 0 AND charge = units * unit_fee");
            t.HasCheckConstraint("ck_claim_lines_rendering_npi", "npi_is_valid(rendering_npi)");
            t.HasCheckConstraint(
                "ck_claim_lines_diagnosis",
                "(diagnosis_pointer IS NULL) = (subscriber_relationship IS NULL) AND CASE WHEN diagnosis_pointer IS NULL THEN cardinality(diagnosis_codes) = 0 "
                + $"ELSE diagnosis_pointer BETWEEN 1 AND cardinality(diagnosis_codes) AND {PatientConfiguration.DiagnosisCodesCheck("diagnosis_codes", 1)} END");
        });
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.MemberId).HasMaxLength(200);
        builder.Property(l => l.PatientName).HasMaxLength(401);
        builder.Property(l => l.AuthNumber).HasMaxLength(50);
        builder.Property(l => l.ServiceCode).HasMaxLength(5);
        builder.Property(l => l.PlaceOfService).HasMaxLength(2);
        builder.Property(l => l.RenderingName).HasMaxLength(401);
        builder.Property(l => l.RenderingNpi).HasMaxLength(10);
        builder.Property(l => l.DeliveredBy).HasMaxLength(401);
        builder.Property(l => l.SubscriberName).HasMaxLength(401);
        builder.Property(l => l.UnitFee).HasPrecision(10, 2);
        builder.Property(l => l.Charge).HasPrecision(12, 2);
        builder.HasIndex(l => new { l.OrganizationId, l.AppointmentId }).IsUnique().HasFilter("NOT batch_voided").HasDatabaseName(ClaimBatchConfiguration.OneLiveLineIndex);
        builder.HasIndex(l => new { l.OrganizationId, l.BatchId, l.LineNumber }).IsUnique();
        builder.HasOne<Appointment>().WithMany()
            .HasForeignKey(l => new { l.OrganizationId, l.AppointmentId })
            .HasPrincipalKey(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
