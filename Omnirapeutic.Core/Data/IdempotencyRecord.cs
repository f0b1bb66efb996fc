using System.Text.Json;

namespace Omnirapeutic.Core.Data;

/// <summary>
/// The first answer to a write sent with an <c>Idempotency-Key</c>, stored in the write's own transaction,
/// so a repeat replays it and changes nothing. A refusal is stored too: its repeat is refused the same way.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
        Key = Fingerprint = string.Empty;
    }

    private IdempotencyRecord(Guid organizationId, string key, string fingerprint, DateTimeOffset createdAt)
    {
        OrganizationId = organizationId;
        Key = key;
        Fingerprint = fingerprint;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public const int MaxKeyLength = 200;

    public Guid OrganizationId { get; private set; }

    public string Key { get; private set; }

    /// <summary>What the request asked for; the same key with another request is refused.</summary>
    public string Fingerprint { get; private set; }

    /// <summary>The successful result as JSON; null for a refusal.</summary>
    public string? Result { get; private set; }

    public DomainErrorKind? RefusalKind { get; private set; }

    public string? RefusalCode { get; private set; }

    public string? RefusalMessage { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static IdempotencyRecord Succeeded<T>(Guid organizationId, IdempotencyKey idempotency, T result, DateTimeOffset at) =>
        new(organizationId, idempotency.Key, idempotency.Fingerprint, at) { Result = JsonSerializer.Serialize(result) };

    public static IdempotencyRecord Refused(Guid organizationId, IdempotencyKey idempotency, DomainException refusal, DateTimeOffset at) =>
        new(organizationId, idempotency.Key, idempotency.Fingerprint, at)
        {
            RefusalKind = refusal.Kind,
            RefusalCode = refusal.Code,
            RefusalMessage = refusal.Message,
        };

    /// <summary>The first answer again for a repeat of the same request; the same key with another request is refused.</summary>
    public T Replay<T>(IdempotencyKey repeat)
    {
        if (Fingerprint != repeat.Fingerprint)
        {
            throw new DomainException(
                DomainErrorKind.Unprocessable,
                "idempotency-key-reused",
                "This Idempotency-Key was already used for a different request; use a new key for a new request.");
        }

        if (RefusalCode is not null)
        {
            throw new DomainException(RefusalKind!.Value, RefusalCode, RefusalMessage!);
        }

        return JsonSerializer.Deserialize<T>(Result!)!;
    }
}
