using Omnirapeutic.Core.Organizations;

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
        UnitRoundingRule roundingRule,
        PlaceOfService place,
        IReadOnlyList<string> modifiers,
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
        RoundingRule = roundingRule;
        PlaceOfService = place.Code;
        Modifiers = [.. modifiers];
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

    /// <summary>The payer's rule when it was booked: its units, and the units of its actual times, count by it.</summary>
    public UnitRoundingRule RoundingRule { get; private set; }

    /// <summary>The CMS place-of-service code of the claim line (<see cref="Scheduling.PlaceOfService"/>).</summary>
    public string PlaceOfService { get; private set; } = Scheduling.PlaceOfService.Office;

    /// <summary>The claim line's modifiers: the rendering practitioner's credential as the payer maps it, and 95 for telehealth.</summary>
    public List<string> Modifiers { get; private set; } = [];

    public AppointmentStatus Status { get; private set; }

    public DateTimeOffset? ActualStartAt { get; private set; }

    public DateTimeOffset? ActualEndAt { get; private set; }

    /// <summary>Units consumed when the session was completed.</summary>
    public int? ActualUnits { get; private set; }

    public string? CancellationReason { get; private set; }

    /// <summary>When it was verified (kept while it is billed); cleared if it is sent back.</summary>
    public DateTimeOffset? VerifiedAt { get; private set; }

    /// <summary>The admin or case supervisor who verified it: never the user of its rendering practitioner.</summary>
    public Guid? VerifiedByUserId { get; private set; }

    /// <summary>Set on every occurrence of a recurring weekly series.</summary>
    public Guid? SeriesId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Scheduled and rendered sessions hold the practitioner's time; cancelled and no-show ones do not.</summary>
    public bool IsActive => Status.HoldsTime();

    public void Cancel(string reason, DateTimeOffset at)
    {
        RequireScheduled("be cancelled");
        Status = AppointmentStatus.Cancelled;
        CancellationReason = reason;
        UpdatedAt = at.ToUniversalTime();
    }

    public void MarkNoShow(DateTimeOffset at)
    {
        RequireScheduled("be marked a no-show");
        Status = AppointmentStatus.NoShow;
        UpdatedAt = at.ToUniversalTime();
    }

    public void Complete(DateTimeOffset actualStart, DateTimeOffset actualEnd, int actualUnits, DateTimeOffset at)
    {
        RequireScheduled("be completed");
        Status = AppointmentStatus.Completed;
        ActualStartAt = actualStart.ToUniversalTime();
        ActualEndAt = actualEnd.ToUniversalTime();
        ActualUnits = actualUnits;
        UpdatedAt = at.ToUniversalTime();
    }

    /// <summary>Its note is signed (<see cref="Documentation.SessionNotes"/>): a completed session is documented.</summary>
    public void Document(DateTimeOffset at)
    {
        if (Status != AppointmentStatus.Completed)
        {
            throw DomainException.Conflict("appointment-not-completed", $"This session is {Status}; only a completed session is documented.");
        }

        Status = AppointmentStatus.Documented;
        UpdatedAt = at.ToUniversalTime();
    }

    /// <summary>Checked by <paramref name="userId"/> (<see cref="Documentation.SessionVerification"/>): a documented session is verified.</summary>
    public void Verify(Guid userId, DateTimeOffset at)
    {
        if (Status != AppointmentStatus.Documented)
        {
            throw DomainException.Conflict("appointment-not-documented", $"This session is {Status}; only a documented session is verified.");
        }

        Status = AppointmentStatus.Verified;
        VerifiedAt = at.ToUniversalTime();
        VerifiedByUserId = userId;
        UpdatedAt = VerifiedAt.Value;
    }

    /// <summary>
    /// Sent back to its practitioner, or amended: a verified session is documented again, its verification cleared, to be
    /// reviewed again; a documented one stays so. A billed session is not reopened: its batch is voided first.
    /// </summary>
    public void ReopenForReview(DateTimeOffset at)
    {
        if (Status is not (AppointmentStatus.Documented or AppointmentStatus.Verified))
        {
            throw DomainException.Conflict(
                "appointment-not-documented", $"This session is {Status}; only a documented or verified session is sent back or amended.");
        }

        Status = AppointmentStatus.Documented;
        VerifiedAt = null;
        VerifiedByUserId = null;
        UpdatedAt = at.ToUniversalTime();
    }

    /// <summary>Taken into a claim batch (<see cref="Claims.ClaimBatches"/>): a verified session is billed.</summary>
    public void Bill(DateTimeOffset at)
    {
        if (Status != AppointmentStatus.Verified)
        {
            throw DomainException.Conflict("appointment-not-verified", $"This session is {Status}; only a verified session is billed.");
        }

        Status = AppointmentStatus.Billed;
        UpdatedAt = at.ToUniversalTime();
    }

    /// <summary>Its batch is voided: the billed session is verified again, as it was.</summary>
    public void Unbill(DateTimeOffset at)
    {
        if (Status != AppointmentStatus.Billed)
        {
            throw DomainException.Conflict("appointment-not-billed", $"This session is {Status}; only a billed session goes back to verified.");
        }

        Status = AppointmentStatus.Verified;
        UpdatedAt = at.ToUniversalTime();
    }

    public void Reschedule(
        Guid practitionerId, Guid authorizationId, DateTimeOffset startAt, DateTimeOffset endAt, int units, PlaceOfService place, IReadOnlyList<string> modifiers, DateTimeOffset at)
    {
        RequireScheduled("be rescheduled");
        if (endAt <= startAt)
        {
            throw new DomainException("invalid-times", "A session must end after it starts.");
        }

        PractitionerId = practitionerId;
        AuthorizationId = authorizationId;
        StartAt = startAt.ToUniversalTime();
        EndAt = endAt.ToUniversalTime();
        Units = units;
        PlaceOfService = place.Code;
        Modifiers = [.. modifiers];
        UpdatedAt = at.ToUniversalTime();
    }

    /// <summary>The session's units now count on the authorization that renewed its own: same client, code and payer.</summary>
    public void MoveTo(Guid authorizationId, DateTimeOffset at)
    {
        RequireScheduled("move to another authorization");
        AuthorizationId = authorizationId;
        UpdatedAt = at.ToUniversalTime();
    }

    /// <summary>Refuses a change that only a scheduled session can take, before any other check speaks of units.</summary>
    public void RequireScheduled(string action)
    {
        if (Status != AppointmentStatus.Scheduled)
        {
            throw DomainException.Conflict("appointment-not-scheduled", $"This session is {Status}; only a scheduled session can {action}.");
        }
    }
}
