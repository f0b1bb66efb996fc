using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>How many 15-minute units a session of so many minutes bills, under the organization's rule.</summary>
public static class UnitCalculator
{
    public const int MinutesPerUnit = 15;

    /// <summary>
    /// Midpoint (AMA CPT) and the CMS 8-minute rule both bill a unit once 8 minutes of it have passed
    /// (8-22 minutes = 1, 23-37 = 2, ...); they differ only when CMS pools several codes of one day, which a
    /// single session never does. Full15 bills only whole 15-minute blocks.
    /// </summary>
    public static int Units(int minutes, UnitRoundingRule rule)
    {
        if (minutes < 0)
        {
            throw DomainException.Invalid("invalid-times", "A session cannot last a negative number of minutes.");
        }

        var whole = minutes / MinutesPerUnit;
        var remainder = minutes % MinutesPerUnit;
        return rule switch
        {
            UnitRoundingRule.Full15 => whole,
            _ => whole + (remainder >= 8 ? 1 : 0),
        };
    }

    public static int Units(DateTimeOffset start, DateTimeOffset end, UnitRoundingRule rule) =>
        Units((int)Math.Floor((end - start).TotalMinutes), rule);
}
