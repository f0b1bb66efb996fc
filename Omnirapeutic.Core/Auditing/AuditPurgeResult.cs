namespace Omnirapeutic.Core.Auditing;

/// <summary>What a purge did: events before <see cref="Cutoff"/> are gone.</summary>
public sealed record AuditPurgeResult(DateTimeOffset Cutoff, int RetentionYears, int Purged);
