namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// One append-only record of a balance change. An authorization's counters always equal its ledger's sums:
/// total = Σ total delta, used = Σ consume, scheduled = Σ reserve − Σ release − Σ consume.
/// </summary>
public sealed class UnitLedgerEntry
{
    private UnitLedgerEntry()
    {
    }

    public UnitLedgerEntry(
        Guid organizationId,
        Guid authorizationId,
        LedgerEntryKind kind,
        int units,
        int totalDelta,
        DateOnly serviceDate,
        Guid? actorUserId,
        string? reason,
        Guid? appointmentId,
        string? idempotencyKey,
        DateTimeOffset occurredAt)
    {
        OrganizationId = organizationId;
        AuthorizationId = authorizationId;
        Kind = kind;
        Units = units;
        TotalDelta = totalDelta;
        ServiceDate = serviceDate;
        ActorUserId = actorUserId;
        Reason = reason;
        AppointmentId = appointmentId;
        IdempotencyKey = idempotencyKey;
        OccurredAt = occurredAt.ToUniversalTime();
    }

    public long Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid AuthorizationId { get; private set; }

    public LedgerEntryKind Kind { get; private set; }

    /// <summary>Always positive; for <see cref="LedgerEntryKind.Adjust"/> the size of the total delta.</summary>
    public int Units { get; private set; }

    /// <summary>Non-zero only for <see cref="LedgerEntryKind.Adjust"/>.</summary>
    public int TotalDelta { get; private set; }

    /// <summary>
    /// The organization's local date the units count on: a session's start date, a dated reserve's date, today for
    /// the rest. The day, week and month rows (<see cref="UnitPeriod"/>) sum the entries by it.
    /// </summary>
    public DateOnly ServiceDate { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string? Reason { get; private set; }

    public Guid? AppointmentId { get; private set; }

    public string? IdempotencyKey { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }
}
