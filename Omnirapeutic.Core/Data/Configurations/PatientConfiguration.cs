using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Data.Configurations;

/// <remarks>A trigger added by SQL (migration SessionVerificationAndClaims) lets only a BCBA be a client's case supervisor.</remarks>
internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    /// <summary>Raised by the trigger that refuses a case supervisor who is not a BCBA.</summary>
    public const string CaseSupervisorConstraint = "ck_patients_case_supervisor_bcba";

    /// <summary>
    /// A column of at least <paramref name="atLeast"/> and at most twelve ICD-10-CM codes, each once, in the format
    /// <see cref="DiagnosisCode.Pattern"/> (the function <c>icd10_codes_valid</c>, added by SQL in the migration ClaimIdentifiers).
    /// </summary>
    public static string DiagnosisCodesCheck(string column, int atLeast) =>
        $"cardinality({column}) BETWEEN {atLeast} AND {DiagnosisCode.MaxCodes} AND icd10_codes_valid({column})";

    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients", t =>
        {
            t.HasCheckConstraint("ck_patients_usual_place_of_service", "usual_place_of_service IN ('02', '03', '10', '11', '12')");
            t.HasCheckConstraint("ck_patients_diagnosis_codes", DiagnosisCodesCheck("diagnosis_codes", 0));
            t.HasCheckConstraint(
                "ck_patients_subscriber",
                "(subscriber_relationship = 'Self') = (subscriber_first_name IS NULL) AND (subscriber_first_name IS NULL) = (subscriber_last_name IS NULL) "
                + "AND (subscriber_first_name IS NULL OR (btrim(subscriber_first_name) <> '' AND btrim(subscriber_last_name) <> ''))");
        });
        builder.HasAlternateKey(p => new { p.OrganizationId, p.Id });
        builder.Property(p => p.FirstName).HasMaxLength(200);
        builder.Property(p => p.LastName).HasMaxLength(200);
        builder.Property(p => p.MemberId).HasMaxLength(200);
        builder.Property(p => p.UsualPlaceOfService).HasMaxLength(2).HasDefaultValue(PlaceOfService.Office);
        builder.Property(p => p.SubscriberFirstName).HasMaxLength(200);
        builder.Property(p => p.SubscriberLastName).HasMaxLength(200);
        builder.Property(p => p.SubscriberRelationship).HasDefaultValue(SubscriberRelationship.Self);
        builder.Property(p => p.DiagnosisCodes).HasDefaultValueSql("'{}'::text[]");
        builder.Ignore(p => p.Name);
        builder.Ignore(p => p.Billing);
        builder.HasIndex(p => new { p.OrganizationId, p.MemberId }).IsUnique();
        builder.HasIndex(p => new { p.OrganizationId, p.LastName, p.FirstName });
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(p => new { p.OrganizationId, p.CaseSupervisorId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
