namespace Omnirapeutic.Core.Supervision;

/// <remarks>New states go at the end.</remarks>
public enum SupervisionStatus
{
    /// <summary>No direct hours this month, so nothing to supervise.</summary>
    NoServices,

    /// <summary>What is completed and scheduled to the month's end meets every requirement.</summary>
    OnTrack,

    /// <summary>The month is still open and, as scheduled, misses a requirement.</summary>
    AtRisk,

    /// <summary>The month is over and what was completed met every requirement.</summary>
    Met,

    /// <summary>The month is over and what was completed missed a requirement.</summary>
    NotMet,
}
