using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Patients;

/// <summary>A patient's page: who, their authorizations' balances with the organization's alert thresholds, and what is booked next.</summary>
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
    IReadOnlyList<UpcomingSession> Upcoming)
{
    public BalanceAlerts AlertsFor(AuthorizationBalance balance) =>
        BalanceAlerts.For(balance, LowBalanceThresholdPercent, ExpiryAlertDays, Today);
}
