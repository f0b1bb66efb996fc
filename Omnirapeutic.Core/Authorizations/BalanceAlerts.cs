namespace Omnirapeutic.Core.Authorizations;

/// <summary>What a clinic should notice about an active authorization: few units left, or its end coming up.</summary>
public sealed record BalanceAlerts(bool Low, bool Expiring, bool Expired)
{
    public bool Any => Low || Expiring || Expired;

    /// <summary>
    /// Low: available at or below <paramref name="lowBalancePercent"/> % of the total. Expiring: ends within
    /// <paramref name="expiryDays"/> days of <paramref name="today"/>. Voided authorizations raise nothing.
    /// </summary>
    public static BalanceAlerts For(AuthorizationBalance balance, int lowBalancePercent, int expiryDays, DateOnly today)
    {
        if (balance.Status != AuthorizationStatus.Active)
        {
            return new BalanceAlerts(false, false, false);
        }

        var expired = today > balance.EndDate;
        return new BalanceAlerts(
            !expired && balance.AvailableUnits * 100L <= (long)lowBalancePercent * balance.TotalUnits,
            !expired && balance.EndDate <= today.AddDays(expiryDays),
            expired);
    }
}
