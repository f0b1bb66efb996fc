namespace Omnirapeutic.Core;

/// <summary>How a refusal reads to the caller: the API turns these into 400, 403, 404, 409 and 422.</summary>
public enum DomainErrorKind
{
    /// <summary>The request itself is wrong, whatever the state: 400.</summary>
    Invalid,

    /// <summary>No such record in the caller's organization: 404, the same for another organization's record.</summary>
    NotFound,

    /// <summary>The caller is signed in but this record is not theirs to change (a session another practitioner rendered): 403.</summary>
    Forbidden,

    /// <summary>The request is fine but the current state refuses it: 409.</summary>
    Conflict,

    /// <summary>An idempotency key reused for a different request: 422.</summary>
    Unprocessable,
}
