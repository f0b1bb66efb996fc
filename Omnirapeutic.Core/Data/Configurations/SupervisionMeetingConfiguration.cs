using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Data.Configurations;

/// <remarks>
/// Triggers added by SQL in the migration (SupervisionMeetings) keep the practitioner-overlap rule across sessions and
/// meetings: a meeting's supervisor and each RBT in it (an observation's supervisor) have no other session or meeting
/// then, and no session is booked or moved over a meeting of its practitioner; they also hold who may be in one (an
/// active analyst supervising active RBTs of the organization, an observation inside the observed RBT's 97153 session).
/// </remarks>
internal sealed class SupervisionMeetingConfiguration : IEntityTypeConfiguration<SupervisionMeeting>
{
    /// <summary>Raised by the triggers on both tables when a practitioner would be in two places at once.</summary>
    public const string OverlapConstraint = "ck_supervision_meetings_overlap";

    /// <summary>Raised when a meeting's people or an observation's session are not what the rule allows.</summary>
    public const string PeopleConstraint = "ck_supervision_meetings_people";

    public void Configure(EntityTypeBuilder<SupervisionMeeting> builder)
    {
        builder.ToTable("supervision_meetings", t =>
        {
            t.HasCheckConstraint("ck_supervision_meetings_times", "end_at > start_at AND end_at - start_at <= interval '12 hours'");
            t.HasCheckConstraint(
                "ck_supervision_meetings_attendees",
                $"cardinality(attendee_ids) BETWEEN 1 AND {SupervisionMeeting.MaxAttendees} AND NOT (supervisor_id = ANY (attendee_ids))");
            t.HasCheckConstraint(
                "ck_supervision_meetings_observation",
                "(kind = 'Observation') = (observed_appointment_id IS NOT NULL) AND (kind <> 'Observation' OR cardinality(attendee_ids) = 1)");
            t.HasCheckConstraint(
                "ck_supervision_meetings_cancellation",
                "(status = 'Cancelled') = (cancellation_reason IS NOT NULL)");
        });
        builder.HasAlternateKey(m => new { m.OrganizationId, m.Id });
        builder.Property(m => m.CancellationReason).HasMaxLength(500);
        builder.HasIndex(m => new { m.OrganizationId, m.SupervisorId, m.StartAt });
        builder.HasIndex(m => m.AttendeeIds).HasMethod("gin");
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Practitioner>().WithMany()
            .HasForeignKey(m => new { m.OrganizationId, m.SupervisorId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Appointment>().WithMany()
            .HasForeignKey(m => new { m.OrganizationId, m.ObservedAppointmentId })
            .HasPrincipalKey(a => new { a.OrganizationId, a.Id })
            .OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(m => m.IsIndividual);
        builder.Ignore(m => m.HoldsTime);
        builder.Ignore(m => m.BusyPractitioners);
    }
}
