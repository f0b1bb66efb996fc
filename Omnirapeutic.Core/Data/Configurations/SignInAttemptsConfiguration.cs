using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class SignInAttemptsConfiguration : IEntityTypeConfiguration<SignInAttempts>
{
    public void Configure(EntityTypeBuilder<SignInAttempts> builder)
    {
        builder.ToTable("sign_in_attempts", t => t.HasCheckConstraint("ck_sign_in_attempts_failures", "failures >= 0"));
        builder.HasKey(a => a.AccountKey);
        builder.Property(a => a.AccountKey).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(a => a.LastFailureAt);
    }
}
