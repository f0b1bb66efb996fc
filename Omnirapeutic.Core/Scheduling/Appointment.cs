namespace Omnirapeutic.Core.Scheduling;

/// <summary>A booked therapy session; reserves its units on the authorization while scheduled.</summary>
public sealed class Appointment
{
    private Appointment()
    {
    }

    public Appointment(
        Guid organizationId,
        Guid patientId,
        Guid practitionerId,
        Guid authorizationId,
        DateTimeOffset startAt,
        DateTimeOffset endAt,
        int units,
        Guid? seriesId,
        DateTimeOffset createdAt)
    {
        if (endAt <= startAt)
        {
            throw new DomainException("invalid-times", "A session must end after it starts.");
        }

        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        PatientId = patientId;
        PractitionerId = practitionerId;
        AuthorizationId = authorizationId;
        StartAt = startAt.ToUniversalTime();
        EndAt = endAt.ToUniversalTime();
        Units = units;
        SeriesId = seriesId;
        Status = AppointmentStatus.Scheduled;
        CreatedAt = UpdatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PatientId { get; private set; }

    public Guid PractitionerId { get; private set; }

    public Guid AuthorizationId { get; private set; }

    public DateTimeOffset StartAt { get; private set; }

    public DateTimeOffset EndAt { get; private set; }

    /// <summary>Units reserved on the authorization for this session.</summary>
    public int Units { get; private set; }

    public AppointmentStatus Status { get; private set; }

    public DateTimeOffset? ActualStartAt { get; private set; }

    public DateTimeOffset? ActualEndAt { get; private set; }

    /// <summary>Units consumed when the session was completed.</summary>
    public int? ActualUnits { get; private set; }

    public string? CancellationReason { get; private set; }

    /// <summary>Set on every occurrence of a recurring weekly series.</summary>
    public Guid? SeriesId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}
