namespace Omnirapeutic.Core.Auditing;

/// <summary>The <c>Audit</c> settings: how long audit and access events are kept before the purge command may delete them.</summary>
public sealed class AuditRetentionOptions
{
    public const string Section = "Audit";

    /// <summary>HIPAA keeps security documentation six years (45 CFR 164.316(b)(2)).</summary>
    public int RetentionYears { get; set; } = 6;
}
