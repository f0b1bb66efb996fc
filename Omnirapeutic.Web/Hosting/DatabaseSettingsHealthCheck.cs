using Microsoft.Extensions.Diagnostics.HealthChecks;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Web.Hosting;

/// <summary>Degraded, still serving, while a PostgreSQL or pool setting is below what the unit lane needs.</summary>
internal sealed class DatabaseSettingsHealthCheck(DatabaseSettingsCheck check) : IHealthCheck
{
    public const string Name = "database-settings";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = await check.FindProblemsAsync(cancellationToken);
        return problems.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(Describe(problems));
    }

    public static string Describe(IReadOnlyList<DatabaseSettingProblem> problems) =>
        $"Unit changes stay correct but batches abort each other or wait for connections (README, \"PostgreSQL settings\"): {string.Join("; ", problems)}.";
}
