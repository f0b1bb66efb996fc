using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Payers;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class AuthorizationConfiguration : IEntityTypeConfiguration<Authorization>
{
    public void Configure(EntityTypeBuilder<Authorization> builder)
    {
        builder.ToTable("authorizations", t =>
        {
            t.HasCheckConstraint("ck_authorizations_total_units_positive", "total_units > 0");
            t.HasCheckConstraint("ck_authorizations_used_units_nonnegative", "used_units >= 0");
            t.HasCheckConstraint("ck_authorizations_scheduled_units_nonnegative", "scheduled_units >= 0");
            t.HasCheckConstraint("ck_authorizations_within_total", "used_units + scheduled_units <= total_units");
            t.HasCheckConstraint("ck_authorizations_dates", "end_date >= start_date");
            t.HasCheckConstraint("ck_authorizations_service_date_range", "start_date >= DATE '2000-01-01' AND end_date <= DATE '2199-12-31'");
            t.HasCheckConstraint(
                "ck_authorizations_limits_positive",
                "(limit_per_day IS NULL OR limit_per_day > 0) AND (limit_per_week IS NULL OR limit_per_week > 0) AND (limit_per_month IS NULL OR limit_per_month > 0)");
            t.HasCheckConstraint("ck_authorizations_status", "status IN ('Requested', 'Active', 'Denied', 'Voided')");
        });
        builder.HasAlternateKey(a => new { a.OrganizationId, a.Id });

        // Counter updates touch no indexed column, so with room on the page they are HOT updates that add no
        // index entries. Without that room every update writes into the shared index pages that SERIALIZABLE
        // readers of other authorizations hold predicate locks on, and unrelated reservations abort each other.
        builder.HasStorageParameter("fillfactor", 50);
        builder.Property(a => a.AuthNumber).HasMaxLength(50);
        builder.Property(a => a.ServiceCode).HasMaxLength(5);
        builder.Ignore(a => a.AvailableUnits);
        builder.Ignore(a => a.Limits);
        builder.HasIndex(a => new { a.OrganizationId, a.AuthNumber }).IsUnique();
        builder.HasIndex(a => new { a.OrganizationId, a.PatientId });
        builder.HasOne<Patient>().WithMany()
            .HasForeignKey(a => new { a.OrganizationId, a.PatientId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.OrganizationId, a.PayerId });
        builder.HasOne<Payer>().WithMany()
            .HasForeignKey(a => new { a.OrganizationId, a.PayerId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.OrganizationId, a.PredecessorId }).IsUnique();
        builder.HasOne<Authorization>().WithOne()
            .HasForeignKey<Authorization>(a => new { a.OrganizationId, a.PredecessorId })
            .HasPrincipalKey<Authorization>(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.OrganizationId, a.SuccessorId }).IsUnique();
        builder.HasOne<Authorization>().WithOne()
            .HasForeignKey<Authorization>(a => new { a.OrganizationId, a.SuccessorId })
            .HasPrincipalKey<Authorization>(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ServiceCode>().WithMany().HasForeignKey(a => a.ServiceCode).OnDelete(DeleteBehavior.Restrict);
    }
}
