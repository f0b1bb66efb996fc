using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Auditing;

/// <summary>
/// Deletes audit and access events older than the retention period. It connects as <see cref="PurgeRole"/>, the only
/// role the table's append-only trigger lets delete; the app's own role cannot, whatever it runs.
/// </summary>
public sealed class AuditRetention(IOptions<AuditRetentionOptions> options, TimeProvider time)
{
    public const string PurgeRole = "omnirapeutic_purge";

    public const int MinYears = 1;

    public const int MaxYears = 100;

    /// <summary>Deletes every event before the cutoff (now less the retention years) and says how many went.</summary>
    public async Task<AuditPurgeResult> PurgeAsync(string purgeConnectionString, CancellationToken cancellationToken = default)
    {
        var years = options.Value.RetentionYears;
        if (years is < MinYears or > MaxYears)
        {
            throw DomainException.Invalid("invalid-retention", $"Audit:RetentionYears is {years}; keep audit events {MinYears} to {MaxYears} years.");
        }

        var cutoff = time.GetUtcNow().ToUniversalTime().AddYears(-years);
        var builder = new DbContextOptionsBuilder<OmnirapeuticDbContext>();
        builder.UseOmnirapeuticDatabase(purgeConnectionString);
        await using var db = new OmnirapeuticDbContext(builder.Options);
        var purged = await db.AuditEvents.IgnoreQueryFilters().Where(e => e.OccurredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        return new AuditPurgeResult(cutoff, years, purged);
    }
}
