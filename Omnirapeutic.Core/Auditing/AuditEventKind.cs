namespace Omnirapeutic.Core.Auditing;

/// <summary>Whether an audit event records a change to a record or a read of PHI.</summary>
public enum AuditEventKind
{
    Change,
    Access,
}
