using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class ServiceCodeConfiguration : IEntityTypeConfiguration<ServiceCode>
{
    public void Configure(EntityTypeBuilder<ServiceCode> builder)
    {
        builder.ToTable("service_codes");
        builder.HasKey(s => s.Code);
        builder.Property(s => s.Code).HasMaxLength(5);
        builder.Property(s => s.Description).HasMaxLength(200);
        builder.PrimitiveCollection(s => s.AllowedCredentials).ElementType(e => e.HasConversion<string>());
        builder.HasData(ServiceCode.Catalog);
    }
}
