using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class UnitLedgerEntryConfiguration : IEntityTypeConfiguration<UnitLedgerEntry>
{
    public void Configure(EntityTypeBuilder<UnitLedgerEntry> builder)
    {
        builder.ToTable("unit_ledger_entries", t =>
        {
            t.HasCheckConstraint("ck_unit_ledger_entries_units_positive", "units > 0");
            t.HasCheckConstraint(
                "ck_unit_ledger_entries_total_delta",
                "(kind = 'Adjust' AND abs(total_delta) = units) OR (kind <> 'Adjust' AND total_delta = 0)");
        });
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(e => new { e.OrganizationId, e.AuthorizationId, e.Id });
        builder.HasOne<Authorization>().WithMany()
            .HasForeignKey(e => new { e.OrganizationId, e.AuthorizationId })
            .HasPrincipalKey(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Appointment>().WithMany()
            .HasForeignKey(e => new { e.OrganizationId, e.AppointmentId })
            .HasPrincipalKey(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
