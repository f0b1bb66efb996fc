namespace Omnirapeutic.Core.Supervision;

/// <summary>What a non-billable supervision event is: nothing is billed and no authorization's units move.</summary>
public enum SupervisionKind
{
    /// <summary>A supervisor with one RBT (individual) or 2-10 RBTs (group); the supervisor and each RBT are busy for it.</summary>
    Meeting,

    /// <summary>
    /// The supervisor present in one of an RBT's 97153 sessions without billing a 97155 (for payers that deny 97155
    /// over 97153): observed, individual; the supervisor is busy for it, the RBT is in their own session.
    /// </summary>
    Observation,
}
