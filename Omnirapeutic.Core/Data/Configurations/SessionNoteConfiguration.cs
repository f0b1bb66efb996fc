using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Data.Configurations;

/// <remarks>
/// Triggers added by SQL in the migration (SessionNotes) keep a signed note read-only and addenda append-only, and a
/// deferred constraint trigger on appointments lets a session be documented only with its note signed (and, from the
/// migration ClaimIdentifiers, with the caregiver's signature where the payer requires one when it is documented).
/// </remarks>
internal sealed class SessionNoteConfiguration : IEntityTypeConfiguration<SessionNote>
{
    /// <summary>Raised by the trigger that refuses to change or remove a signed note, or to add an addendum to a draft.</summary>
    public const string SignedReadOnlyConstraint = "ck_session_notes_signed_read_only";

    /// <summary>Raised at COMMIT by the trigger that refuses a documented session without a signed note.</summary>
    public const string DocumentedSignedConstraint = "ck_appointments_documented_signed";

    /// <summary>Raised at COMMIT when a session of a payer that requires it is documented without a caregiver's signature.</summary>
    public const string CaregiverSignedConstraint = "ck_appointments_caregiver_signed";

    public void Configure(EntityTypeBuilder<SessionNote> builder)
    {
        builder.ToTable("session_notes", t =>
        {
            t.HasCheckConstraint(
                "ck_session_notes_signature",
                "(signed_at IS NULL) = (signed_by_user_id IS NULL) AND (signed_at IS NULL) = (signed_by_name IS NULL) "
                + "AND (signed_at IS NULL OR (goals_addressed IS NOT NULL AND narrative IS NOT NULL))");
            t.HasCheckConstraint(
                "ck_session_notes_caregiver_signature",
                "(caregiver_signed_at IS NULL) = (caregiver_name IS NULL) AND (caregiver_signed_at IS NULL) = (caregiver_relationship IS NULL) "
                + "AND (caregiver_signed_at IS NULL OR (caregiver_signed_at = signed_at AND btrim(caregiver_name) <> '' AND btrim(caregiver_relationship) <> ''))");
        });
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.HasAlternateKey(n => new { n.OrganizationId, n.Id });
        builder.HasIndex(n => new { n.OrganizationId, n.AppointmentId }).IsUnique();
        builder.Property(n => n.GoalsAddressed).HasMaxLength(NoteContent.MaxFieldLength);
        builder.Property(n => n.ClientResponse).HasMaxLength(NoteContent.MaxFieldLength);
        builder.Property(n => n.NextSteps).HasMaxLength(NoteContent.MaxFieldLength);
        builder.Property(n => n.Narrative).HasMaxLength(NoteContent.MaxFieldLength);
        builder.Property(n => n.SignedByName).HasMaxLength(200);
        builder.Property(n => n.CaregiverName).HasMaxLength(CaregiverSignature.MaxNameLength);
        builder.Property(n => n.CaregiverRelationship).HasMaxLength(CaregiverSignature.MaxRelationshipLength);
        builder.HasOne<Appointment>().WithMany()
            .HasForeignKey(n => new { n.OrganizationId, n.AppointmentId })
            .HasPrincipalKey(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.Addenda).WithOne()
            .HasForeignKey(a => new { a.OrganizationId, a.NoteId })
            .HasPrincipalKey(n => new { n.OrganizationId, n.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(n => n.Content);
        builder.Ignore(n => n.IsSigned);
    }
}

/// <remarks>A deferred constraint trigger (migration SessionVerificationAndClaims) lets an addendum go only to a documented session.</remarks>
internal sealed class NoteAddendumConfiguration : IEntityTypeConfiguration<NoteAddendum>
{
    /// <summary>Raised at COMMIT by the trigger that refuses an addendum to a session that is not documented.</summary>
    public const string DocumentedConstraint = "ck_note_addenda_documented";

    public void Configure(EntityTypeBuilder<NoteAddendum> builder)
    {
        builder.ToTable("note_addenda");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Text).HasMaxLength(NoteContent.MaxFieldLength);
        builder.Property(a => a.SignedByName).HasMaxLength(200);
        builder.HasIndex(a => new { a.OrganizationId, a.NoteId, a.SignedAt });
        builder.HasIndex(a => a.ResolvesReturnId).IsUnique();
        builder.HasOne<SessionReturn>().WithMany().HasForeignKey(a => a.ResolvesReturnId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <remarks>
/// Append-only, and made by a reviewer of the session (triggers added by SQL in the migration
/// SessionVerificationAndClaims).
/// </remarks>
internal sealed class SessionReturnConfiguration : IEntityTypeConfiguration<SessionReturn>
{
    /// <summary>Raised by the trigger that refuses to change or remove a return.</summary>
    public const string AppendOnlyConstraint = "ck_session_returns_append_only";

    /// <summary>Raised at COMMIT by the trigger that refuses a return by anyone but a reviewer, or one that leaves the session other than documented.</summary>
    public const string ByReviewerConstraint = "ck_session_returns_by_reviewer";

    public void Configure(EntityTypeBuilder<SessionReturn> builder)
    {
        builder.ToTable("session_returns", t => t.HasCheckConstraint("ck_session_returns_reason", $"length(btrim(reason)) BETWEEN 1 AND {SessionReturn.MaxReasonLength}"));
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Reason).HasMaxLength(SessionReturn.MaxReasonLength);
        builder.Property(r => r.ReturnedByName).HasMaxLength(200);
        builder.HasIndex(r => new { r.OrganizationId, r.AppointmentId, r.ReturnedAt });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.ReturnedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Appointment>().WithMany()
            .HasForeignKey(r => new { r.OrganizationId, r.AppointmentId })
            .HasPrincipalKey(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
