using System.Security.Cryptography;
using System.Text;

namespace Omnirapeutic.Core.Data;

/// <summary>
/// A client's key for one write. The key belongs to the user who sent it (as Stripe's do): another user's identical
/// key is another key. The fingerprint is a SHA-256 of the canonical request (the parsed values, not the raw body), so
/// its size never depends on what the client sent.
/// </summary>
public sealed record IdempotencyKey(Guid UserId, string Key, string Fingerprint)
{
    public const int FingerprintLength = 64;

    public static IdempotencyKey? From(Guid userId, string? key, string canonicalRequest)
    {
        if (key is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > IdempotencyRecord.MaxKeyLength || key.Any(char.IsControl))
        {
            throw DomainException.Invalid(
                "invalid-idempotency-key", $"An Idempotency-Key must be 1 to {IdempotencyRecord.MaxKeyLength} printable characters.");
        }

        return new IdempotencyKey(userId, key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
    }
}
