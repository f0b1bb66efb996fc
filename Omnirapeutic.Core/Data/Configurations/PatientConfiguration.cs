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

    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients", t => t.HasCheckConstraint("ck_patients_usual_place_of_service", "usual_place_of_service IN ('02', '03', '10', '11', '12')"));
        builder.HasAlternateKey(p => new { p.OrganizationId, p.Id });
        builder.Property(p => p.FirstName).HasMaxLength(200);
        builder.Property(p => p.LastName).HasMaxLength(200);
        builder.Property(p => p.MemberId).HasMaxLength(200);
        builder.Property(p => p.UsualPlaceOfService).HasMaxLength(2).HasDefaultValue(PlaceOfService.Office);
        builder.Ignore(p => p.Name);
        builder.HasIndex(p => new { p.OrganizationId, p.MemberId }).IsUnique();
        builder.HasIndex(p => new { p.OrganizationId, p.LastName, p.FirstName });
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(p => new { p.OrganizationId, p.CaseSupervisorId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
