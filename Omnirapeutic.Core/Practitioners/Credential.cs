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

public static class CredentialExtensions
{
    /// <summary>Only behavior analysts (BCBA, BCaBA) supervise RBTs, as the BACB requires.</summary>
    public static bool CanSupervise(this Credential credential) => credential is Credential.BCBA or Credential.BCaBA;
}
