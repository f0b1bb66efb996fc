using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records", t =>
        {
            t.HasCheckConstraint("ck_idempotency_records_answer", "(result IS NULL) <> (refusal_code IS NULL)");
            t.HasCheckConstraint("ck_idempotency_records_expiry", "expires_at > created_at");
        });
        builder.HasKey(r => new { r.OrganizationId, r.UserId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(IdempotencyRecord.MaxKeyLength);
        builder.Property(r => r.Fingerprint).HasMaxLength(IdempotencyKey.FingerprintLength).IsFixedLength();
        builder.Property(r => r.Result).HasColumnType("jsonb");
        builder.Property(r => r.RefusalCode).HasMaxLength(100);
        // A refusal's message may quote what the client sent; the request body's size limit bounds it.
        builder.Property(r => r.RefusalMessage).HasColumnType("text");
        builder.HasIndex(r => r.ExpiresAt);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
