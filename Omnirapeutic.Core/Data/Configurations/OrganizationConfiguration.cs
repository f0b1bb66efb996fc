using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations", t =>
        {
            t.HasCheckConstraint("ck_organizations_low_balance_threshold", "low_balance_threshold_percent BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_organizations_expiry_alert_days", "expiry_alert_days BETWEEN 0 AND 365");
            t.HasCheckConstraint("ck_organizations_requested_follow_up_days", $"requested_follow_up_days BETWEEN 1 AND {Organization.MaxRequestedFollowUpDays}");
            t.HasCheckConstraint("ck_organizations_calendar_hours", "calendar_start_hour >= 0 AND calendar_start_hour < calendar_end_hour AND calendar_end_hour <= 24");
            t.HasCheckConstraint("ck_organizations_calendar_week_starts_on", "calendar_week_starts_on IN ('Monday', 'Sunday')");
            t.HasCheckConstraint("ck_organizations_billing_npi", "billing_npi IS NULL OR npi_is_valid(billing_npi)");
            t.HasCheckConstraint("ck_organizations_tax_id", "tax_id IS NULL OR tax_id ~ '^[0-9]{9}$'");
            t.HasCheckConstraint("ck_organizations_two_factor_policy", "two_factor_policy IN ('Off', 'Admins', 'Everyone')");
            t.HasCheckConstraint(
                "ck_organizations_idle_logoff_minutes", $"idle_logoff_minutes BETWEEN {Organization.MinIdleLogoffMinutes} AND {Organization.MaxIdleLogoffMinutes}");
        });
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.HasIndex(o => o.Name).IsUnique();
        builder.Property(o => o.TimeZoneId).HasMaxLength(64);
        builder.Property(o => o.BillingNpi).HasMaxLength(ProviderNpi.Length);
        builder.Property(o => o.TaxId).HasMaxLength(9);
    }
}
