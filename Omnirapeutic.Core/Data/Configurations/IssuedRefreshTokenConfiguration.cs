using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class IssuedRefreshTokenConfiguration : IEntityTypeConfiguration<IssuedRefreshToken>
{
    public void Configure(EntityTypeBuilder<IssuedRefreshToken> builder)
    {
        builder.ToTable("refresh_tokens", t =>
        {
            t.HasCheckConstraint("ck_refresh_tokens_lifetime", "expires_at > issued_at");
            t.HasCheckConstraint("ck_refresh_tokens_used_after_issue", "used_at IS NULL OR used_at >= issued_at");
        });
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.ExpiresAt);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
