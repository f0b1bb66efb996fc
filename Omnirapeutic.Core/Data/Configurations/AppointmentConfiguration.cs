using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Data.Configurations;

/// <remarks>
/// The payers' rule for a patient's overlapping sessions is a constraint trigger, also added by SQL.
/// The exclusion constraint that forbids overlapping active sessions of one practitioner is added
/// in the migration by SQL: EF Core has no model for it. It is checked at COMMIT (deferred), because a batch may
/// cancel or move one session and book another in its place, and the order of its statements is EF Core's.
/// </remarks>
internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public const string PractitionerOverlapConstraint = "ex_appointments_practitioner_overlap";

    /// <summary>A deferred constraint trigger (migration PayersAndTheirRules): a patient's sessions overlap only where both payers pay the two codes at once.</summary>
    public const string PatientOverlapConstraint = "ex_appointments_patient_overlap";

    /// <summary>A constraint trigger (migration PlacesOfServiceAndModifiers): no telehealth session is scheduled on a payer that does not pay telehealth.</summary>
    public const string TelehealthConstraint = "ck_appointments_telehealth_paid";

    /// <summary>
    /// A deferred constraint trigger (migration SessionVerificationAndClaims): a session is verified by a user of its
    /// organization who is an admin or the client's case supervisor, never the rendering practitioner's user, and not
    /// while it waits for the correction it was sent back for.
    /// </summary>
    public const string VerifiedByReviewerConstraint = "ck_appointments_verified_by_reviewer";

    /// <summary>No session is booked or moved past the last day its practitioner's certification holds (trigger, migration RbtSupervisors).</summary>
    public const string CredentialCurrentConstraint = "ck_appointments_credential_current";

    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("appointments", t =>
        {
            t.HasCheckConstraint("ck_appointments_times", "end_at > start_at");
            // A session lasts at most 12 hours: the lane looks that far back for the sessions a new one could clash with.
            t.HasCheckConstraint("ck_appointments_duration", "end_at - start_at <= interval '12 hours'");
            t.HasCheckConstraint("ck_appointments_units_positive", "units > 0");
            t.HasCheckConstraint("ck_appointments_actual_times", "actual_end_at IS NULL OR actual_end_at > actual_start_at");
            t.HasCheckConstraint("ck_appointments_actual_units", "actual_units IS NULL OR actual_units >= 0");
            t.HasCheckConstraint(
                "ck_appointments_verification",
                "(status IN ('Verified', 'Billed')) = (verified_at IS NOT NULL) AND (verified_at IS NULL) = (verified_by_user_id IS NULL)");
            t.HasCheckConstraint("ck_appointments_place_of_service", "place_of_service IN ('02', '03', '10', '11', '12')");
            // A credential's modifier at most, then 95 exactly when the place is telehealth.
            t.HasCheckConstraint(
                "ck_appointments_modifiers",
                "modifiers <@ ARRAY['HM', 'HN', 'HO', '95']::text[] AND cardinality(modifiers) <= 2 AND ('95' = ANY (modifiers)) = (place_of_service IN ('02', '10'))");
        });
        builder.HasAlternateKey(a => new { a.OrganizationId, a.Id });
        builder.Property(a => a.CancellationReason).HasMaxLength(500);
        builder.Property(a => a.PlaceOfService).HasMaxLength(2).HasDefaultValue(PlaceOfService.Office);
        builder.Property(a => a.Modifiers).HasDefaultValueSql("'{}'::text[]");
        builder.HasIndex(a => new { a.OrganizationId, a.PractitionerId, a.StartAt });
        builder.HasIndex(a => new { a.OrganizationId, a.PatientId, a.StartAt });
        builder.HasIndex(a => new { a.OrganizationId, a.AuthorizationId });
        builder.HasOne<Patient>().WithMany()
            .HasForeignKey(a => new { a.OrganizationId, a.PatientId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(a => new { a.OrganizationId, a.PractitionerId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.VerifiedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Authorization>().WithMany()
            .HasForeignKey(a => new { a.OrganizationId, a.AuthorizationId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
