using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class PractitionerConfiguration : IEntityTypeConfiguration<Practitioner>
{
    public void Configure(EntityTypeBuilder<Practitioner> builder)
    {
        builder.ToTable("practitioners");
        builder.HasAlternateKey(p => new { p.OrganizationId, p.Id });
        builder.Property(p => p.FirstName).HasMaxLength(200);
        builder.Property(p => p.LastName).HasMaxLength(200);
        builder.Property(p => p.Email).HasMaxLength(256);
        builder.Ignore(p => p.Name);
        builder.HasIndex(p => new { p.OrganizationId, p.Email }).IsUnique();
        builder.HasIndex(p => new { p.OrganizationId, p.UserId }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany()
            .HasForeignKey(p => new { p.OrganizationId, p.UserId })
            .HasPrincipalKey(u => new { u.OrganizationId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
