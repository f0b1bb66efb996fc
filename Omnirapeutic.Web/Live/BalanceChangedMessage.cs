using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Live;

/// <summary>What hub clients receive as <c>BalanceChanged</c>; <see cref="Version"/> lets them drop stale ones.</summary>
public sealed record BalanceChangedMessage(Guid AuthorizationId, int TotalUnits, int UsedUnits, int ScheduledUnits, int AvailableUnits, long Version)
{
    public const string Method = "BalanceChanged";

    public static BalanceChangedMessage Of(AuthorizationBalance b) =>
        new(b.Id, b.TotalUnits, b.UsedUnits, b.ScheduledUnits, b.AvailableUnits, b.Version);
}
