using System.Text.Json;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// <c>dotnet Omnirapeutic.Web.dll integrity</c>: the integrity check over every organization, as JSON on
/// standard output; exit code 0 when all is well, 1 when any authorization is in violation.
/// </summary>
internal static class IntegrityCommand
{
    public static bool IsRequested(string[] args) => args is ["integrity", ..];

    public static async Task<int> RunAsync(WebApplication app)
    {
        var violations = await app.Services.GetRequiredService<IntegrityCheck>().FindViolationsAsync(organizationId: null);
        await using var output = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(output, new { violations }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        Console.WriteLine();
        return violations.Count == 0 ? 0 : 1;
    }
}
