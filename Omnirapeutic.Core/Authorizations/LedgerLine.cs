namespace Omnirapeutic.Core.Authorizations;

/// <summary>One ledger entry as the history shows it, with who made it.</summary>
public sealed record LedgerLine(
    long Id, DateTimeOffset OccurredAt, LedgerEntryKind Kind, int Units, int TotalDelta, string? Reason, string Actor, Guid? AppointmentId);
