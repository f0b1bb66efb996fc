using System.Text.Json.Serialization;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// The payload a unit-changing transaction sends with <c>pg_notify</c> on <see cref="Channel"/>: small, no PHI,
/// delivered only if the transaction commits. Listeners read the new balance themselves.
/// </summary>
public sealed record BalanceChanged(Guid OrganizationId, Guid AuthorizationId, long Version)
{
    public const string Channel = "omnirapeutic_balances";

    /// <summary>The committing transaction's span (W3C traceparent) when it was traced, for the listeners' fan-out.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Trace { get; init; }

    /// <summary>No balance moved, but the organization's calendars did (a supervision meeting): every page of it re-reads.</summary>
    public bool CalendarsOnly => AuthorizationId == Guid.Empty;

    public static BalanceChanged CalendarsOf(Guid organizationId) => new(organizationId, Guid.Empty, 0);
}
