using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Calendars;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.ToTable("calendar_feeds", t => t.HasCheckConstraint("ck_calendar_feeds_token_hash", "octet_length(token_hash) = 32"));
        builder.HasKey(f => f.TokenHash);
        builder.HasIndex(f => new { f.OrganizationId, f.PractitionerId }).IsUnique();
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(f => new { f.OrganizationId, f.PractitionerId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Cascade);
    }
}
