using Omnirapeutic.Core.Patients;

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
    int TimelyFilingDays,
    bool Voided,
    DateTimeOffset? VoidedAt,
    string? VoidedBy,
    string? VoidReason,
    string? BillingNpi,
    string? TaxId,
    int Units,
    decimal Charges,
    bool Reconciled,
    IReadOnlyList<ClaimLineView> Lines)
{
    /// <summary>The first line's timely-filing deadline: the nearest, as lines are in deadline order.</summary>
    public DateOnly FilingDeadline => Lines.Min(l => l.FilingDeadline);
}

/// <summary>
/// One claim line, with the units the ledger says its session consumed and the date the payer must have it by (its
/// date of service plus the payer's timely-filing days when the batch was made).
/// </summary>
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
    int ConsumedUnits,
    IReadOnlyList<string> DiagnosisCodes,
    int? DiagnosisPointer,
    SubscriberRelationship? SubscriberRelationship,
    string? SubscriberName,
    DateOnly FilingDeadline);

/// <summary>
/// A payer's verified sessions that wait for a batch: how many, their units, the oldest date of service and the
/// timely-filing deadline it sets, with the days left until it (negative once past). No PHI.
/// </summary>
public sealed record ReadyToBill(Guid PayerId, string PayerName, int Sessions, int Units, DateOnly OldestServiceDate, DateOnly FilingDeadline, int DaysLeft);
