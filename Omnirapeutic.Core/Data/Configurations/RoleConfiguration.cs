using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Data.Configurations;

/// <summary>The roles are part of the schema: every deployment has them, demo data or not.</summary>
internal sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRole<Guid>> builder)
    {
        builder.HasData(
            Role(Roles.Admin, "0193f2a0-0000-7000-8000-000000000001"),
            Role(Roles.Practitioner, "0193f2a0-0000-7000-8000-000000000002"),
            Role(Roles.Scheduler, "0193f2a0-0000-7000-8000-000000000003"));
    }

    private static IdentityRole<Guid> Role(string name, string id) => new(name)
    {
        Id = Guid.Parse(id),
        NormalizedName = name.ToUpperInvariant(),
        ConcurrencyStamp = id,
    };
}
