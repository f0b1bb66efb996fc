namespace Omnirapeutic.Core.Data;

/// <summary>A client's key for one write, and a fingerprint of what that write asks for.</summary>
public sealed record IdempotencyKey(string Key, string Fingerprint)
{
    public static IdempotencyKey? From(string? key, string fingerprint)
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

        return new IdempotencyKey(key, fingerprint);
    }
}
