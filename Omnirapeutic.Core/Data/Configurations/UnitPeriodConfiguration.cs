using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class UnitPeriodConfiguration : IEntityTypeConfiguration<UnitPeriod>
{
    /// <summary>The CHECK that refuses a period holding more than its limit.</summary>
    public const string WithinLimitConstraint = "ck_unit_periods_within_limit";

    public void Configure(EntityTypeBuilder<UnitPeriod> builder)
    {
        builder.ToTable("unit_periods", t =>
        {
            t.HasCheckConstraint("ck_unit_periods_units_nonnegative", "scheduled_units >= 0 AND used_units >= 0");
            t.HasCheckConstraint(WithinLimitConstraint, "limit_units IS NULL OR scheduled_units + used_units <= limit_units");
            t.HasCheckConstraint("ck_unit_periods_limit_positive", "limit_units IS NULL OR limit_units > 0");
            t.HasCheckConstraint("ck_unit_periods_weeks_and_months_limited", "kind = 'Day' OR limit_units IS NOT NULL");
            t.HasCheckConstraint("ck_unit_periods_month_starts", "kind <> 'Month' OR extract(day FROM starts_on) = 1");
        });
        builder.HasKey(p => new { p.OrganizationId, p.AuthorizationId, p.Kind, p.StartsOn });
        builder.Ignore(p => p.HeldUnits);
        builder.HasOne<Authorization>().WithMany()
            .HasForeignKey(p => new { p.OrganizationId, p.AuthorizationId })
            .HasPrincipalKey(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
    }
}
