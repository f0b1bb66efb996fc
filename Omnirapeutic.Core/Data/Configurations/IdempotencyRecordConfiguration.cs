using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records", t => t.HasCheckConstraint(
            "ck_idempotency_records_answer", "(result IS NULL) <> (refusal_code IS NULL)"));
        builder.HasKey(r => new { r.OrganizationId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength);
        builder.Property(r => r.Fingerprint).HasMaxLength(500);
        builder.Property(r => r.Result).HasColumnType("jsonb");
        builder.Property(r => r.RefusalCode).HasMaxLength(100);
        builder.Property(r => r.RefusalMessage).HasMaxLength(1000);
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
