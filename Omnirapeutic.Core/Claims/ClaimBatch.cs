namespace Omnirapeutic.Core.Claims;

/// <summary>
/// The verified sessions of one payer and date range, taken into claim lines at once. A batch is never changed or
/// removed, only voided (with who, when and why): its sessions are verified again and may go into another batch.
/// </summary>
public sealed class ClaimBatch
{
    public const int MaxVoidReasonLength = 500;

    private readonly List<ClaimLine> _lines = [];

    private ClaimBatch()
    {
        PayerName = string.Empty;
    }

    internal ClaimBatch(Guid organizationId, Guid payerId, string payerName, int timelyFilingDays, DateOnly from, DateOnly to, Guid userId, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        PayerId = payerId;
        PayerName = payerName;
        TimelyFilingDays = timelyFilingDays;
        FromDate = from;
        ToDate = to;
        CreatedByUserId = userId;
        CreatedAt = at.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PayerId { get; private set; }

    /// <summary>The payer's name when the batch was made: a claim says whom it was sent to.</summary>
    public string PayerName { get; private set; }

    /// <summary>The payer's timely-filing limit when the batch was made: each line's deadline is its date of service plus these days.</summary>
    public int TimelyFilingDays { get; private set; }

    public DateOnly FromDate { get; private set; }

    public DateOnly ToDate { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    /// <summary>Stored, and carried by every line, so the database keeps a session in one batch that is not voided.</summary>
    public bool Voided { get; private set; }

    public DateTimeOffset? VoidedAt { get; private set; }

    public Guid? VoidedByUserId { get; private set; }

    public string? VoidReason { get; private set; }

    public IReadOnlyList<ClaimLine> Lines => _lines;

    /// <summary>How many lines it was made with: the database refuses a line added to it later.</summary>
    public int LineCount { get; private set; }

    internal void Add(ClaimLine line)
    {
        _lines.Add(line);
        LineCount = _lines.Count;
    }

    internal void Void(Guid userId, string reason, DateTimeOffset at)
    {
        if (Voided)
        {
            throw DomainException.Conflict("batch-voided", "This batch is already voided.");
        }

        VoidReason = string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxVoidReasonLength
            ? throw DomainException.Invalid("invalid-reason", $"Say why the batch is voided, in at most {MaxVoidReasonLength} characters.")
            : reason.Trim();
        Voided = true;
        VoidedAt = at.ToUniversalTime();
        VoidedByUserId = userId;
    }
}
