using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>Valid NPIs for tests: nine random digits and CMS's check digit.</summary>
internal static class TestNpi
{
    public static string Next()
    {
        var firstNine = $"1{Random.Shared.Next(0, 100_000_000):D8}";
        return $"{firstNine}{ProviderNpi.CheckDigit(firstNine)}";
    }
}
