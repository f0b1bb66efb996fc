using System.Diagnostics;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>PostgreSQL's server programs (<c>OMNI_TEST_PG_BIN</c>, else Debian's newest), as the cluster owner postgres when run as root.</summary>
internal static class PostgresTools
{
    public static string BinDirectory { get; } = Environment.GetEnvironmentVariable("OMNI_TEST_PG_BIN") is { Length: > 0 } given
        ? given
        : Directory.GetDirectories("/usr/lib/postgresql")
            .OrderBy(version => Version.TryParse(Path.GetFileName(version), out var number) ? number : new Version(int.Parse(Path.GetFileName(version), System.Globalization.CultureInfo.InvariantCulture), 0))
            .Select(version => Path.Combine(version, "bin")).Last();

    public static async Task RunAsync(string program, params string[] arguments)
    {
        var path = Path.Combine(BinDirectory, program);
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (asRoot ? ["-u", "postgres", "--", path] : Array.Empty<string>()).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // Standard output is not read to its end: without -l a server that pg_ctl starts keeps writing to it.
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {errors}");
    }
}
