namespace Omnirapeutic.Core.Authorizations;

/// <summary>An authorization whose counters break the invariant or disagree with its ledger.</summary>
public sealed record IntegrityViolation(
    Guid AuthorizationId,
    Guid OrganizationId,
    string AuthNumber,
    int TotalUnits,
    int UsedUnits,
    int ScheduledUnits,
    int LedgerTotalUnits,
    int LedgerUsedUnits,
    int LedgerScheduledUnits,
    IReadOnlyList<string> Problems);
