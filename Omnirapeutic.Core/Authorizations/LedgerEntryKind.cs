namespace Omnirapeutic.Core.Authorizations;

public enum LedgerEntryKind
{
    /// <summary>scheduled += units.</summary>
    Reserve,

    /// <summary>scheduled -= units.</summary>
    Release,

    /// <summary>scheduled -= units; used += units.</summary>
    Consume,

    /// <summary>total += total delta (negative to lower it); also opens an authorization.</summary>
    Adjust,
}
