using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class PractitionerConfiguration : IEntityTypeConfiguration<Practitioner>
{
    public const string NpiCheckConstraint = "ck_practitioners_npi";

    /// <summary>A supervisor is an active BCBA or BCaBA of the organization and supervises RBTs only (trigger, migration RbtSupervisors).</summary>
    public const string SupervisorConstraint = "ck_practitioners_supervisor";

    public const string NpiUniqueIndex = "ix_practitioners_organization_id_npi";

    public void Configure(EntityTypeBuilder<Practitioner> builder)
    {
        // npi_is_valid is the NPI check digit in SQL (migration ProviderIdentifiers), as ProviderNpi computes it.
        builder.ToTable("practitioners", t => t.HasCheckConstraint(NpiCheckConstraint, "npi IS NULL OR npi_is_valid(npi)"));
        builder.Property(p => p.Npi).HasMaxLength(ProviderNpi.Length);
        builder.HasIndex(p => new { p.OrganizationId, p.Npi }).IsUnique().HasFilter("npi IS NOT NULL");
        builder.HasAlternateKey(p => new { p.OrganizationId, p.Id });
        builder.Property(p => p.FirstName).HasMaxLength(200);
        builder.Property(p => p.LastName).HasMaxLength(200);
        builder.Property(p => p.Email).HasMaxLength(256);
        builder.Ignore(p => p.Name);
        builder.HasIndex(p => new { p.OrganizationId, p.Email }).IsUnique();
        builder.HasIndex(p => new { p.OrganizationId, p.UserId }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(p => new { p.OrganizationId, p.SupervisorId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany()
            .HasForeignKey(p => new { p.OrganizationId, p.UserId })
            .HasPrincipalKey(u => new { u.OrganizationId, u.Id })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
