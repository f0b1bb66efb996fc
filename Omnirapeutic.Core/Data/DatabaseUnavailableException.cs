namespace Omnirapeutic.Core.Data;

/// <summary>
/// The database could not complete the work: it kept aborting it (contention) or could not be reached.
/// Nothing was committed unless <see cref="OutcomeUnknown"/> is set. The API answers 503.
/// </summary>
public sealed class DatabaseUnavailableException(string message, bool outcomeUnknown, Exception inner) : Exception(message, inner)
{
    /// <summary>The connection broke during COMMIT: the change may or may not have been saved.</summary>
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}
