using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnirapeutic.Core.Data;

/// <summary>
/// The first answer to a write sent with an <c>Idempotency-Key</c>, stored in the write's own transaction,
/// so a repeat replays it and changes nothing. A refusal is stored too: its repeat is refused the same way.
/// A record belongs to the user who sent the key and lasts <see cref="Lifetime"/>; after that the key is new again
/// and the purge deletes the record.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
        Key = Fingerprint = string.Empty;
    }

    private IdempotencyRecord(Guid organizationId, IdempotencyKey idempotency, DateTimeOffset createdAt)
    {
        OrganizationId = organizationId;
        UserId = idempotency.UserId;
        Key = idempotency.Key;
        Fingerprint = idempotency.Fingerprint;
        CreatedAt = createdAt.ToUniversalTime();
        ExpiresAt = CreatedAt + Lifetime;
    }

    public const int MaxKeyLength = 200;

    /// <summary>How long a key replays its first answer: the convention of payment APIs.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public Guid OrganizationId { get; private set; }

    public Guid UserId { get; private set; }

    public string Key { get; private set; }

    /// <summary>A hash of what the request asked for; the same key with another request is refused.</summary>
    public string Fingerprint { get; private set; }

    /// <summary>The successful result as JSON; null for a refusal.</summary>
    public string? Result { get; private set; }

    public DomainErrorKind? RefusalKind { get; private set; }

    public string? RefusalCode { get; private set; }

    public string? RefusalMessage { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Enums by name, so an answer saved before a state was added still replays as the state it named.</summary>
    private static readonly JsonSerializerOptions ResultOptions = new() { Converters = { new JsonStringEnumConverter() } };

    public static IdempotencyRecord Succeeded<T>(Guid organizationId, IdempotencyKey idempotency, T result, DateTimeOffset at) =>
        new(organizationId, idempotency, at) { Result = JsonSerializer.Serialize(result, ResultOptions) };

    public static IdempotencyRecord Refused(Guid organizationId, IdempotencyKey idempotency, DomainException refusal, DateTimeOffset at) =>
        new(organizationId, idempotency, at)
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

        return JsonSerializer.Deserialize<T>(Result!, ResultOptions)!;
    }
}
