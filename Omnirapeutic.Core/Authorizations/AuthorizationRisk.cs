namespace Omnirapeutic.Core.Authorizations;

/// <summary>What the booking pace says about how an authorization will end.</summary>
public enum AuthorizationRisk
{
    /// <summary>On pace to use between 75 % and 100 % of its units.</summary>
    None,

    /// <summary>On pace to need more units than it has before its end date.</summary>
    RunsOutEarly,

    /// <summary>On pace to leave more than a quarter of its units unused.</summary>
    LeavesUnitsUnused,
}
