namespace Omnirapeutic.Core.Documentation;

/// <summary>
/// A documented or verified session sent back to its practitioner with the reviewer's reason. It waits for a signed
/// addendum dated after it before it can be verified; the record itself is never changed or removed.
/// </summary>
public sealed class SessionReturn
{
    public const int MaxReasonLength = 500;

    private SessionReturn()
    {
        Reason = ReturnedByName = string.Empty;
    }

    internal SessionReturn(Guid organizationId, Guid appointmentId, string reason, Guid userId, string name, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        AppointmentId = appointmentId;
        Reason = string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength
            ? throw DomainException.Invalid("invalid-reason", $"Say why the session goes back, in at most {MaxReasonLength} characters.")
            : reason.Trim();
        ReturnedByUserId = userId;
        ReturnedByName = name;
        ReturnedAt = at.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid AppointmentId { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset ReturnedAt { get; private set; }

    public Guid ReturnedByUserId { get; private set; }

    public string ReturnedByName { get; private set; }
}
