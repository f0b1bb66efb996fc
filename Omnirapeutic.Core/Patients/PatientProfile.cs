using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Patients;

/// <summary>
/// A patient's page: who, their authorizations' balances (and today's day, week and month of the limited ones) with the
/// organization's alert thresholds, what is booked next, the BCBA who supervises the case, and what a claim needs of them (diagnoses, subscriber).
/// </summary>
public sealed record PatientProfile(
    Guid Id,
    string Name,
    DateOnly DateOfBirth,
    string MemberId,
    DateOnly Today,
    string TimeZoneId,
    int LowBalanceThresholdPercent,
    int ExpiryAlertDays,
    IReadOnlyList<AuthorizationBalance> Authorizations,
    IReadOnlyDictionary<Guid, IReadOnlyList<PeriodHolding>> Periods,
    IReadOnlyList<UpcomingSession> Upcoming,
    CaseSupervisor? CaseSupervisor,
    PatientBilling Billing)
{
    public IReadOnlyList<PeriodHolding> PeriodsOf(AuthorizationBalance balance) => Periods.GetValueOrDefault(balance.Id, []);

    public BalanceAlerts AlertsFor(AuthorizationBalance balance) =>
        BalanceAlerts.For(balance, LowBalanceThresholdPercent, ExpiryAlertDays, Today, PeriodsOf(balance));
}

/// <summary>The BCBA who oversees a client's program and verifies their sessions.</summary>
public sealed record CaseSupervisor(Guid PractitionerId, string Name);
