using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("audit_events", t => t.HasCheckConstraint("ck_audit_events_kind", "kind IN ('Change', 'Access')"));
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.EntityType).HasMaxLength(100);
        builder.Property(e => e.EntityId).HasMaxLength(100);
        builder.Property(e => e.Details).HasColumnType("jsonb");
        builder.HasIndex(e => new { e.OrganizationId, e.OccurredAt });
        builder.HasIndex(e => new { e.OrganizationId, e.EntityType, e.EntityId });
        builder.HasIndex(e => new { e.OrganizationId, e.ActorUserId, e.OccurredAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
