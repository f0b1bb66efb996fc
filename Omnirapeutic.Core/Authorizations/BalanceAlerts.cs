namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// What a clinic should notice about an active authorization: few units left, its end coming up, or one of today's
/// limited periods (day, week, month) nearly used up.
/// </summary>
public sealed record BalanceAlerts(bool Low, bool Expiring, bool Expired, PeriodHolding? NearlyFull = null)
{
    public bool Any => Low || Expiring || Expired || NearlyFull is not null;

    /// <summary>
    /// Low: available at or below <paramref name="lowBalancePercent"/> % of the total. Expiring: ends within
    /// <paramref name="expiryDays"/> days of <paramref name="today"/>. Nearly full: the first of <paramref name="periods"/>
    /// with at most that share of its limit left. Voided authorizations raise nothing.
    /// </summary>
    public static BalanceAlerts For(
        AuthorizationBalance balance, int lowBalancePercent, int expiryDays, DateOnly today, IReadOnlyList<PeriodHolding>? periods = null)
    {
        if (balance.Status != AuthorizationStatus.Active)
        {
            return new BalanceAlerts(false, false, false);
        }

        var expired = today > balance.EndDate;
        return new BalanceAlerts(
            !expired && balance.AvailableUnits * 100L <= (long)lowBalancePercent * balance.TotalUnits,
            !expired && balance.EndDate <= today.AddDays(expiryDays),
            expired,
            expired ? null : periods?.FirstOrDefault(p => p.IsNearlyFull(lowBalancePercent)));
    }
}
