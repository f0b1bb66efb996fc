using System.Text.Json;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Web.Hosting;

/// <summary>
/// <c>dotnet Omnirapeutic.Web.dll migrate</c>: applies the pending migrations and exits, printing what it did as JSON.
/// Run again it applies nothing. Against a database a newer version has migrated it changes nothing and exits 3.
/// </summary>
internal static class MigrateCommand
{
    public const int DatabaseNewerExitCode = 3;

    public static bool IsRequested(string[] args) => args is ["migrate", ..];

    public static async Task<int> RunAsync(WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        var before = await migrator.StatusAsync();
        if (before.Unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"The database has {before.Unknown.Count} migration(s) this version does not know ({string.Join(", ", before.Unknown)}): " +
                "a newer version of Omnirapeutic migrated it. Nothing was changed; run that version's migrate, or restore a backup taken before it.");
            return DatabaseNewerExitCode;
        }

        await migrator.MigrateAsync();
        var after = await migrator.StatusAsync();
        await using var output = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(
            output,
            new { applied = before.Pending, current = after.Latest, pending = after.Pending.Count },
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        Console.WriteLine();
        return 0;
    }
}
