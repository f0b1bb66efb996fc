using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// A payer's approval of a number of units of one service code for one patient over a date range.
/// Invariant, also enforced by CHECK constraints: 0 &lt;= used, 0 &lt;= scheduled, used + scheduled &lt;= total.
/// </summary>
public sealed class Authorization
{
    /// <summary>Larger than any real authorization (25,000 hours); guards against typos and overflow.</summary>
    public const int MaxTotalUnits = 100_000;

    private Authorization()
    {
        AuthNumber = ServiceCode = string.Empty;
    }

    public Authorization(
        Guid organizationId,
        Guid patientId,
        Guid payerId,
        string serviceCode,
        string authNumber,
        DateOnly startDate,
        DateOnly endDate,
        int totalUnits,
        DateTimeOffset createdAt,
        UnitLimits? limits = null,
        AuthorizationStatus status = AuthorizationStatus.Active)
    {
        if (status is not (AuthorizationStatus.Active or AuthorizationStatus.Requested))
        {
            throw DomainException.Invalid("invalid-status", "An authorization opens Active (approved) or Requested (sent to the payer).");
        }

        if (string.IsNullOrWhiteSpace(authNumber) || authNumber.Length > 50)
        {
            throw new DomainException("invalid-auth-number", "An authorization number is required, at most 50 characters.");
        }

        if (endDate < startDate)
        {
            throw new DomainException("invalid-dates", $"The end date {endDate:yyyy-MM-dd} is before the start date {startDate:yyyy-MM-dd}.");
        }

        ServiceDateRange.EnsureContains(startDate);
        ServiceDateRange.EnsureContains(endDate);

        RequireTotal(totalUnits);
        limits ??= UnitLimits.None;
        limits.Validate();

        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        PatientId = patientId;
        PayerId = payerId;
        ServiceCode = serviceCode;
        AuthNumber = authNumber.Trim();
        StartDate = startDate;
        EndDate = endDate;
        TotalUnits = totalUnits;
        (LimitPerDay, LimitPerWeek, LimitPerMonth) = (limits.PerDay, limits.PerWeek, limits.PerMonth);
        Status = status;
        Version = 1;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PatientId { get; private set; }

    /// <summary>Who pays it, and so the rules its sessions are booked by.</summary>
    public Guid PayerId { get; private set; }

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

    public int? LimitPerDay { get; private set; }

    public int? LimitPerWeek { get; private set; }

    public int? LimitPerMonth { get; private set; }

    /// <summary>Its payer's caps per day, week and month; each period's units are kept in <see cref="UnitPeriod"/> rows.</summary>
    public UnitLimits Limits => new(LimitPerDay, LimitPerWeek, LimitPerMonth);

    public AuthorizationStatus Status { get; private set; }

    /// <summary>Grows by one with every balance change, so live updates can be ordered and deduplicated.</summary>
    public long Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The authorization this one renewed: same patient, code and payer, ending the day before this one starts.</summary>
    public Guid? PredecessorId { get; private set; }

    /// <summary>The authorization that renewed this one; set once, together with the successor's <see cref="PredecessorId"/>.</summary>
    public Guid? SuccessorId { get; private set; }

    public bool IsExpiredOn(DateOnly date) => date > EndDate;

    public bool Covers(DateOnly date) => date >= StartDate && date <= EndDate;

    /// <summary>Books units for a service on <paramref name="serviceDate"/>: scheduled += units.</summary>
    internal void Reserve(int units, DateOnly serviceDate)
    {
        RequireReservable(units, serviceDate);
        ScheduledUnits += units;
        Version++;
    }

    /// <summary>Every rule of <see cref="Reserve"/>, checked without moving anything.</summary>
    internal void RequireReservable(int units, DateOnly serviceDate)
    {
        RequireUnits(units);
        RequireOpen(serviceDate);
        if (units > AvailableUnits)
        {
            throw DomainException.Conflict(
                "insufficient-units",
                $"Authorization {AuthNumber} has {AvailableUnits} of {TotalUnits} units available; {units} were requested.");
        }
    }

    /// <summary>Gives back scheduled units (a cancellation, a shorter session): scheduled -= units.</summary>
    internal void Release(int units)
    {
        RequireUnits(units);
        RequireScheduled(units, "release");
        ScheduledUnits -= units;
        Version++;
    }

    /// <summary>Bills units delivered on <paramref name="serviceDate"/>: scheduled -= units; used += units.</summary>
    internal void Consume(int units, DateOnly serviceDate)
    {
        RequireUnits(units);
        RequireOpen(serviceDate);
        RequireScheduled(units, "consume");
        ScheduledUnits -= units;
        UsedUnits += units;
        Version++;
    }

    /// <summary>Sets a new total (the payer changed the approval); returns the signed change.</summary>
    internal int AdjustTotal(int totalUnits)
    {
        RequireNotVoided();
        return SetTotal(totalUnits);
    }

    /// <summary>New caps per period; the lane has checked that no period already holds more than its new cap.</summary>
    internal void ChangeLimits(UnitLimits limits)
    {
        RequireNotVoided();
        limits.Validate();
        (LimitPerDay, LimitPerWeek, LimitPerMonth) = (limits.PerDay, limits.PerWeek, limits.PerMonth);
        Version++;
    }

    /// <summary>The payer approved a requested authorization, perhaps fewer units than asked; returns the signed change of the total.</summary>
    internal int Approve(int totalUnits)
    {
        RequireRequested("approved");
        var change = SetTotal(totalUnits);
        Status = AuthorizationStatus.Active;
        return change;
    }

    /// <summary>The payer denied a requested authorization; its sessions keep their units until they are moved or cancelled.</summary>
    internal void Deny()
    {
        RequireRequested("denied");
        Status = AuthorizationStatus.Denied;
        Version++;
    }

    /// <summary>
    /// The authorization for the next period, for the same patient, code and payer, with this one's limits unless others
    /// are given. Only an active authorization without a successor is renewed, and the successor starts after this one did.
    /// </summary>
    internal Authorization Renewal(string authNumber, DateOnly startDate, DateOnly endDate, int totalUnits, UnitLimits? limits, AuthorizationStatus status, DateTimeOffset at)
    {
        if (Status != AuthorizationStatus.Active)
        {
            throw DomainException.Conflict(
                "authorization-not-renewable", $"Authorization {AuthNumber} is {Status}; only an active authorization is renewed. Open a new authorization instead.");
        }

        if (SuccessorId is not null)
        {
            throw DomainException.Conflict("already-renewed", $"Authorization {AuthNumber} has already been renewed.");
        }

        if (startDate <= StartDate)
        {
            throw DomainException.Invalid(
                "invalid-dates", $"A renewal of {AuthNumber} starts after {StartDate:yyyy-MM-dd}, the day {AuthNumber} starts; {startDate:yyyy-MM-dd} does not.");
        }

        return new Authorization(OrganizationId, PatientId, PayerId, ServiceCode, authNumber, startDate, endDate, totalUnits, at, limits ?? Limits, status)
        {
            PredecessorId = Id,
        };
    }

    /// <summary>
    /// Links the successor, and ends this authorization the day before the successor starts when it would otherwise
    /// overlap; the lane has moved every unit of those days onto the successor first.
    /// </summary>
    internal void HandOver(Authorization successor)
    {
        if (successor.PredecessorId != Id)
        {
            throw new InvalidOperationException($"Authorization {successor.AuthNumber} does not renew {AuthNumber}.");
        }

        SuccessorId = successor.Id;
        if (successor.StartDate <= EndDate)
        {
            EndDate = successor.StartDate.AddDays(-1);
        }

        Version++;
    }

    /// <summary>Withdraws the authorization; only when no session holds units on it.</summary>
    internal void Void()
    {
        RequireNotVoided();
        if (ScheduledUnits > 0)
        {
            throw DomainException.Conflict(
                "authorization-has-scheduled-units",
                $"Authorization {AuthNumber} still has {ScheduledUnits} units scheduled; cancel those sessions before voiding it.");
        }

        Status = AuthorizationStatus.Voided;
        Version++;
    }

    private static void RequireTotal(int totalUnits)
    {
        if (totalUnits is < 1 or > MaxTotalUnits)
        {
            throw DomainException.Invalid("invalid-units", $"An authorization approves from 1 to {MaxTotalUnits:N0} units; {totalUnits} is outside that.");
        }
    }

    private void RequireUnits(int units)
    {
        if (units < 1 || units > TotalUnits)
        {
            throw DomainException.Invalid(
                "invalid-units", $"Units must be a whole number from 1 to the authorization's total of {TotalUnits}; {units} is outside that.");
        }
    }

    private int SetTotal(int totalUnits)
    {
        RequireTotal(totalUnits);
        if (totalUnits < UsedUnits + ScheduledUnits)
        {
            throw DomainException.Conflict(
                "total-below-committed",
                $"Authorization {AuthNumber} has {UsedUnits} units used and {ScheduledUnits} scheduled; the total cannot go below {UsedUnits + ScheduledUnits}.");
        }

        var change = totalUnits - TotalUnits;
        TotalUnits = totalUnits;
        Version++;
        return change;
    }

    private void RequireRequested(string what)
    {
        if (Status != AuthorizationStatus.Requested)
        {
            throw DomainException.Conflict("authorization-not-requested", $"Authorization {AuthNumber} is {Status}; only a requested authorization can be {what}.");
        }
    }

    private void RequireOpen(DateOnly serviceDate)
    {
        RequireNotVoided();
        if (Status == AuthorizationStatus.Denied)
        {
            throw DomainException.Conflict("authorization-denied", $"The payer denied authorization {AuthNumber}; move its sessions to another authorization or cancel them.");
        }

        if (IsExpiredOn(serviceDate))
        {
            throw DomainException.Conflict("authorization-expired", $"Authorization {AuthNumber} ended on {EndDate:yyyy-MM-dd}.");
        }
    }

    private void RequireNotVoided()
    {
        if (Status == AuthorizationStatus.Voided)
        {
            throw DomainException.Conflict("authorization-voided", $"Authorization {AuthNumber} is voided.");
        }
    }

    private void RequireScheduled(int units, string action)
    {
        if (units > ScheduledUnits)
        {
            throw DomainException.Conflict(
                "exceeds-scheduled", $"Authorization {AuthNumber} has {ScheduledUnits} units scheduled; cannot {action} {units}.");
        }
    }
}
