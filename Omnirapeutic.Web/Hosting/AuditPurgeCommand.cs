using System.Text.Json;
using Omnirapeutic.Core.Auditing;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// <c>dotnet Omnirapeutic.Web.dll purge-audit</c>: deletes audit and access events older than <c>Audit:RetentionYears</c>,
/// connected as the purge role (<c>ConnectionStrings:AuditPurge</c>); prints what it did as JSON.
/// </summary>
internal static class AuditPurgeCommand
{
    public static bool IsRequested(string[] args) => args is ["purge-audit", ..];

    public static async Task<int> RunAsync(WebApplication app)
    {
        var connectionString = app.Configuration.GetConnectionString("AuditPurge");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync($"ConnectionStrings:AuditPurge is not set: the purge connects as the {AuditRetention.PurgeRole} role.");
            return 2;
        }

        var result = await app.Services.GetRequiredService<AuditRetention>().PurgeAsync(connectionString);
        await using var output = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(output, result, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        Console.WriteLine();
        return 0;
    }
}
