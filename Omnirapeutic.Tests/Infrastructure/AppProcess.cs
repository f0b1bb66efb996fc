using System.Diagnostics;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary><c>dotnet Omnirapeutic.Web.dll</c> run as its own process in Production, as an operator runs its commands.</summary>
internal static class AppProcess
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    public static async Task<Result> RunAsync(string connectionString, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Omnirapeutic.Web.dll"), .. arguments])
        {
            Environment =
            {
                ["ConnectionStrings__Omnirapeutic"] = connectionString,
                ["Logging__LogLevel__Default"] = "Warning",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            },
        };
        return await RunAsync(start);
    }

    /// <summary>Any program to its end, with what it wrote to each stream.</summary>
    public static async Task<Result> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new Result(process.ExitCode, await output, await errors);
    }
}
