namespace Omnirapeutic.Core;

/// <summary>
/// A request the clinic's rules refuse. <see cref="Code"/> is stable: the API maps it to a problem type
/// and the UI to a message, so it never changes once published.
/// </summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
