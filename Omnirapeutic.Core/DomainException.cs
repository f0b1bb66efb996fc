namespace Omnirapeutic.Core;

/// <summary>
/// A request the clinic's rules refuse. <see cref="Code"/> is stable: the API maps it to a problem type
/// and the UI to a message, so it never changes once published. The message is for people and carries
/// the numbers, never PHI.
/// </summary>
public sealed class DomainException(DomainErrorKind kind, string code, string message) : Exception(message)
{
    public DomainException(string code, string message)
        : this(DomainErrorKind.Invalid, code, message)
    {
    }

    public DomainErrorKind Kind { get; } = kind;

    public string Code { get; } = code;

    public static DomainException Invalid(string code, string message) => new(DomainErrorKind.Invalid, code, message);

    public static DomainException Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);

    public static DomainException Forbidden(string code, string message) => new(DomainErrorKind.Forbidden, code, message);

    public static DomainException NotFound(string what) => new(DomainErrorKind.NotFound, "not-found", $"No such {what}.");
}
