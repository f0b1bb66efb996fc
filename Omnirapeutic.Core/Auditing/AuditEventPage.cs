namespace Omnirapeutic.Core.Auditing;

/// <summary>One page of the trail and how many events match on every page.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEntry> Items, int TotalCount);
