namespace Omnirapeutic.Core.Supervision;

/// <summary>A requirement of the month an RBT's supervision misses.</summary>
public enum SupervisionShortfall
{
    /// <summary>Supervised time under the share of direct hours.</summary>
    Share,

    /// <summary>Fewer than two contacts.</summary>
    Contacts,

    /// <summary>No individual contact.</summary>
    Individual,

    /// <summary>No contact observing the RBT with a client.</summary>
    Observed,
}
