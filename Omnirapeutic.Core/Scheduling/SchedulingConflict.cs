namespace Omnirapeutic.Core.Scheduling;

/// <summary>One reason a proposed session cannot be booked, with the same code and message a booking would refuse with.</summary>
public sealed record SchedulingConflict(string Code, string Message)
{
    public static SchedulingConflict Of(DomainException refusal) => new(refusal.Code, refusal.Message);
}
