namespace Omnirapeutic.Core.Auditing;

/// <summary>
/// Who changed or read what, when. A change is written in the same transaction as the change; an access (a client's
/// page opened, a list searched, an export) through <see cref="AccessLog"/>. Details hold ids, numbers and field names, never PHI.
/// Rows are append-only in the database: only the purge role may delete them, once past retention.
/// </summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
        Action = EntityType = EntityId = string.Empty;
    }

    public AuditEvent(Guid organizationId, Guid? actorUserId, string action, string entityType, string entityId, string? details, DateTimeOffset occurredAt)
        : this(AuditEventKind.Change, organizationId, actorUserId, action, entityType, entityId, details, occurredAt)
    {
    }

    public AuditEvent(AuditEventKind kind, Guid organizationId, Guid? actorUserId, string action, string entityType, string entityId, string? details, DateTimeOffset occurredAt)
    {
        Kind = kind;
        OrganizationId = organizationId;
        ActorUserId = actorUserId;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Details = details;
        OccurredAt = occurredAt.ToUniversalTime();
    }

    public long Id { get; private set; }

    public AuditEventKind Kind { get; private set; }

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
