using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Data.Configurations;

/// <remarks>
/// Each table's windows of one person never overlap: exclusion constraints added by SQL in the migration
/// (Availability), as EF Core has no model for them.
/// </remarks>
internal sealed class WorkingHoursConfiguration : IEntityTypeConfiguration<WorkingHours>
{
    public const string OverlapConstraint = "ex_working_hours_overlap";

    public void Configure(EntityTypeBuilder<WorkingHours> builder)
    {
        builder.ToTable("working_hours", t => t.HasCheckConstraint("ck_working_hours_window", AvailabilityChecks.Window));
        builder.HasIndex(w => new { w.OrganizationId, w.PractitionerId });
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(w => new { w.OrganizationId, w.PractitionerId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(w => w.Window);
    }
}

internal sealed class ClientAvailabilityConfiguration : IEntityTypeConfiguration<ClientAvailability>
{
    public const string OverlapConstraint = "ex_client_availability_overlap";

    public void Configure(EntityTypeBuilder<ClientAvailability> builder)
    {
        builder.ToTable("client_availability", t => t.HasCheckConstraint("ck_client_availability_window", AvailabilityChecks.Window));
        builder.HasIndex(w => new { w.OrganizationId, w.PatientId });
        builder.HasOne<Patient>().WithMany()
            .HasForeignKey(w => new { w.OrganizationId, w.PatientId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(w => w.Window);
    }
}

internal sealed class TimeOffConfiguration : IEntityTypeConfiguration<TimeOff>
{
    public const string OverlapConstraint = "ex_time_off_overlap";

    public void Configure(EntityTypeBuilder<TimeOff> builder)
    {
        builder.ToTable("time_off", t => t.HasCheckConstraint("ck_time_off_times", "ends_at > starts_at AND ends_at - starts_at <= interval '92 days'"));
        builder.Property(t => t.Reason).HasMaxLength(TimeOff.MaxReasonLength);
        builder.HasIndex(t => new { t.OrganizationId, t.PractitionerId, t.StartsAt });
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(t => new { t.OrganizationId, t.PractitionerId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal static class AvailabilityChecks
{
    public const string Window =
        "day IN ('Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday') AND from_minute >= 0 AND from_minute < to_minute AND to_minute <= 1440";
}
