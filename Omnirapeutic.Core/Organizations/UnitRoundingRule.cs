namespace Omnirapeutic.Core.Organizations;

/// <summary>How a session's minutes become billable 15-minute units.</summary>
public enum UnitRoundingRule
{
    /// <summary>AMA CPT: a unit once the midpoint (8 minutes) of a 15-minute unit is passed.</summary>
    Midpoint,

    /// <summary>CMS 8-minute rule: total minutes divided into units, 8+ minutes of a remainder count.</summary>
    Cms8Minute,

    /// <summary>Only whole 15-minute blocks count.</summary>
    Full15,
}
