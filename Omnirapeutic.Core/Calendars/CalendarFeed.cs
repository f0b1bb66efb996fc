using System.Security.Cryptography;
using System.Text;

namespace Omnirapeutic.Core.Calendars;

/// <summary>
/// A practitioner's secret calendar link. Only the token's SHA-256 is stored, so the link is shown once, when it is
/// made; a new link replaces the old one, and turning it off deletes it.
/// </summary>
public sealed class CalendarFeed
{
    private CalendarFeed()
    {
        TokenHash = [];
    }

    private CalendarFeed(Guid organizationId, Guid practitionerId, byte[] tokenHash, DateTimeOffset createdAt)
    {
        OrganizationId = organizationId;
        PractitionerId = practitionerId;
        TokenHash = tokenHash;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public byte[] TokenHash { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid PractitionerId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>A new feed and its token: 32 random bytes, URL-safe Base64.</summary>
    public static (CalendarFeed Feed, string Token) Create(Guid organizationId, Guid practitionerId, DateTimeOffset now)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new CalendarFeed(organizationId, practitionerId, HashOf(token), now), token);
    }

    public static byte[] HashOf(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
