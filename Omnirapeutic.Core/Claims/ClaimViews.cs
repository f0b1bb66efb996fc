namespace Omnirapeutic.Core.Claims;

/// <summary>A batch in the list: no PHI.</summary>
public sealed record ClaimBatchSummary(
    Guid Id, Guid PayerId, string PayerName, DateOnly From, DateOnly To, DateTimeOffset CreatedAt, int Lines, int Units, decimal Charges, bool Voided);

/// <summary>
/// A batch as billing reads it: the billing provider, every line, and its reconciliation with the unit ledger (each
/// line's units against the units its session consumed). Holds PHI: admins only, audited, never cached.
/// </summary>
public sealed record ClaimBatchView(
    Guid Id,
    Guid PayerId,
    string PayerName,
    DateOnly From,
    DateOnly To,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    bool Voided,
    DateTimeOffset? VoidedAt,
    string? VoidedBy,
    string? VoidReason,
    string? BillingNpi,
    string? TaxId,
    int Units,
    decimal Charges,
    bool Reconciled,
    IReadOnlyList<ClaimLineView> Lines);

/// <summary>One claim line, with the units the ledger says its session consumed.</summary>
public sealed record ClaimLineView(
    int LineNumber,
    Guid AppointmentId,
    DateOnly ServiceDate,
    string MemberId,
    string PatientName,
    DateOnly PatientDateOfBirth,
    string AuthNumber,
    string ServiceCode,
    IReadOnlyList<string> Modifiers,
    string PlaceOfService,
    int Units,
    decimal UnitFee,
    decimal Charge,
    string RenderingName,
    string RenderingNpi,
    string DeliveredBy,
    int ConsumedUnits);
