using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients");
        builder.HasAlternateKey(p => new { p.OrganizationId, p.Id });
        builder.Property(p => p.FirstName).HasMaxLength(200);
        builder.Property(p => p.LastName).HasMaxLength(200);
        builder.Property(p => p.MemberId).HasMaxLength(200);
        builder.Ignore(p => p.Name);
        builder.HasIndex(p => new { p.OrganizationId, p.MemberId }).IsUnique();
        builder.HasIndex(p => new { p.OrganizationId, p.LastName, p.FirstName });
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
