namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// A session that holds time, as supervision counts it: its actual times once rendered, its booked times while
/// scheduled, and the supervision share its payer requires (percent of direct hours).
/// </summary>
public sealed record SupervisionSession(
    Guid Id, Guid PatientId, Guid PractitionerId, string ServiceCode, DateTimeOffset Start, DateTimeOffset End, bool Rendered, decimal PayerSharePercent);
