namespace Omnirapeutic.Core.Availability;

/// <summary>A dated exception to a practitioner's working hours: from one instant to another they take no sessions.</summary>
public sealed class TimeOff
{
    /// <summary>The longest one stretch of time off may be; a longer absence is a practitioner who no longer takes sessions.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(92);

    public const int MaxReasonLength = 200;

    private TimeOff()
    {
    }

    public TimeOff(Guid organizationId, Guid practitionerId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? reason, DateTimeOffset createdAt)
    {
        if (endsAt <= startsAt || endsAt - startsAt > Longest)
        {
            throw DomainException.Invalid("invalid-time-off", $"Time off ends after it starts and lasts at most {Longest.TotalDays:0} days.");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason?.Length > MaxReasonLength)
        {
            throw DomainException.Invalid("invalid-time-off", $"A reason for time off has at most {MaxReasonLength} characters.");
        }

        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        PractitionerId = practitionerId;
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt.ToUniversalTime();
        Reason = reason;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PractitionerId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
