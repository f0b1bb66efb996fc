using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// A non-billable supervision event on the calendars: a meeting of a supervisor with one or 2-10 RBTs, or an
/// observation of one RBT's 97153 session. No authorization, no units; it holds its people's time while scheduled or
/// completed, as a session does.
/// </summary>
public sealed class SupervisionMeeting
{
    public const int MaxAttendees = 10;

    private SupervisionMeeting()
    {
    }

    internal SupervisionMeeting(
        Guid organizationId,
        SupervisionKind kind,
        Guid supervisorId,
        IReadOnlyList<Guid> attendeeIds,
        SupervisionModality modality,
        DateTimeOffset startAt,
        DateTimeOffset endAt,
        Guid? observedAppointmentId,
        Guid createdByUserId,
        DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Kind = kind;
        SupervisorId = supervisorId;
        AttendeeIds = [.. attendeeIds];
        Modality = modality;
        StartAt = startAt.ToUniversalTime();
        EndAt = endAt.ToUniversalTime();
        ObservedAppointmentId = observedAppointmentId;
        Status = SupervisionMeetingStatus.Scheduled;
        CreatedByUserId = createdByUserId;
        CreatedAt = UpdatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public SupervisionKind Kind { get; private set; }

    /// <summary>The BCBA or BCaBA who supervises.</summary>
    public Guid SupervisorId { get; private set; }

    /// <summary>The RBTs supervised: one for an observation and an individual meeting, 2-10 for a group.</summary>
    public List<Guid> AttendeeIds { get; private set; } = [];

    public SupervisionModality Modality { get; private set; }

    public DateTimeOffset StartAt { get; private set; }

    public DateTimeOffset EndAt { get; private set; }

    /// <summary>The RBT's 97153 session an observation is part of.</summary>
    public Guid? ObservedAppointmentId { get; private set; }

    public SupervisionMeetingStatus Status { get; private set; }

    public string? CancellationReason { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Individual when one RBT is supervised; a group otherwise.</summary>
    public bool IsIndividual => AttendeeIds.Count == 1;

    public bool HoldsTime => Status != SupervisionMeetingStatus.Cancelled;

    /// <summary>The people it makes busy: the supervisor, and for a meeting each RBT (an observed RBT is in their own session).</summary>
    public IEnumerable<Guid> BusyPractitioners => Kind == SupervisionKind.Meeting ? AttendeeIds.Prepend(SupervisorId) : [SupervisorId];

    public void Cancel(string reason, DateTimeOffset at)
    {
        RequireScheduled("be cancelled");
        Status = SupervisionMeetingStatus.Cancelled;
        CancellationReason = reason;
        UpdatedAt = at.ToUniversalTime();
    }

    public void Complete(DateTimeOffset at)
    {
        RequireScheduled("be completed");
        if (EndAt > at)
        {
            throw DomainException.Invalid("session-not-over", "A supervision meeting can be completed only once it has ended.");
        }

        Status = SupervisionMeetingStatus.Completed;
        UpdatedAt = at.ToUniversalTime();
    }

    private void RequireScheduled(string action)
    {
        if (Status != SupervisionMeetingStatus.Scheduled)
        {
            throw DomainException.Conflict("meeting-not-scheduled", $"Only a scheduled supervision meeting can {action}; this one is {Status.ToString().ToLowerInvariant()}.");
        }
    }
}
