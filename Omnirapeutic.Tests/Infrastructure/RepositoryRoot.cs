namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>The checkout the tests were built from: the folder above the test assembly that holds Omnirapeutic.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find(new DirectoryInfo(AppContext.BaseDirectory));

    private static string Find(DirectoryInfo directory) =>
        File.Exists(System.IO.Path.Combine(directory.FullName, "Omnirapeutic.sln")) ? directory.FullName
        : Find(directory.Parent ?? throw new InvalidOperationException("Omnirapeutic.sln is not above the test assembly"));
}
