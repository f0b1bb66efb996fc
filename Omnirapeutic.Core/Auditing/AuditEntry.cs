namespace Omnirapeutic.Core.Auditing;

/// <summary>One audit event as the trail shows it: the user by name, the record by type and id, details as stored.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset OccurredAt,
    AuditEventKind Kind,
    Guid? UserId,
    string? UserName,
    string Action,
    string EntityType,
    string EntityId,
    string? Details);
