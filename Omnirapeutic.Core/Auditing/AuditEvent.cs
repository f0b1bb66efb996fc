namespace Omnirapeutic.Core.Auditing;

/// <summary>Who changed what, when; written in the same transaction as the change. Details hold no PHI.</summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
        Action = EntityType = EntityId = string.Empty;
    }

    public AuditEvent(Guid organizationId, Guid? actorUserId, string action, string entityType, string entityId, string? details, DateTimeOffset occurredAt)
    {
        OrganizationId = organizationId;
        ActorUserId = actorUserId;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Details = details;
        OccurredAt = occurredAt.ToUniversalTime();
    }

    public long Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid? ActorUserId { get; private set; }

    /// <summary>What happened, e.g. <c>authorization.reserve</c> or <c>appointment.cancel</c>.</summary>
    public string Action { get; private set; }

    public string EntityType { get; private set; }

    public string EntityId { get; private set; }

    /// <summary>JSON with ids and numbers only.</summary>
    public string? Details { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }
}
