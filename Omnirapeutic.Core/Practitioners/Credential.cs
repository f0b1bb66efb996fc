namespace Omnirapeutic.Core.Practitioners;

/// <summary>The certification that decides which service codes a practitioner may deliver.</summary>
public enum Credential
{
    /// <summary>Board Certified Behavior Analyst.</summary>
    BCBA,

    /// <summary>Board Certified Assistant Behavior Analyst.</summary>
    BCaBA,

    /// <summary>Registered Behavior Technician.</summary>
    RBT,
}
