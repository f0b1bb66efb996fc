namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// A payer's approval of a number of units of one service code for one patient over a date range.
/// Invariant, also enforced by CHECK constraints: 0 &lt;= used, 0 &lt;= scheduled, used + scheduled &lt;= total.
/// </summary>
public sealed class Authorization
{
    private Authorization()
    {
        AuthNumber = ServiceCode = string.Empty;
    }

    public Authorization(
        Guid organizationId,
        Guid patientId,
        string serviceCode,
        string authNumber,
        DateOnly startDate,
        DateOnly endDate,
        int totalUnits,
        DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(authNumber) || authNumber.Length > 50)
        {
            throw new DomainException("invalid-auth-number", "An authorization number is required, at most 50 characters.");
        }

        if (endDate < startDate)
        {
            throw new DomainException("invalid-dates", $"The end date {endDate:yyyy-MM-dd} is before the start date {startDate:yyyy-MM-dd}.");
        }

        if (totalUnits <= 0)
        {
            throw new DomainException("invalid-units", "An authorization must approve at least one unit.");
        }

        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        PatientId = patientId;
        ServiceCode = serviceCode;
        AuthNumber = authNumber.Trim();
        StartDate = startDate;
        EndDate = endDate;
        TotalUnits = totalUnits;
        Status = AuthorizationStatus.Active;
        Version = 1;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PatientId { get; private set; }

    public string ServiceCode { get; private set; }

    /// <summary>The payer's reference; unique within the organization.</summary>
    public string AuthNumber { get; private set; }

    public DateOnly StartDate { get; private set; }

    /// <summary>The last day the authorization covers; it is expired after this day.</summary>
    public DateOnly EndDate { get; private set; }

    public int TotalUnits { get; private set; }

    public int UsedUnits { get; private set; }

    public int ScheduledUnits { get; private set; }

    public int AvailableUnits => TotalUnits - UsedUnits - ScheduledUnits;

    public AuthorizationStatus Status { get; private set; }

    /// <summary>Grows by one with every balance change, so live updates can be ordered and deduplicated.</summary>
    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
