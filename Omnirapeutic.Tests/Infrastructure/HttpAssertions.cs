namespace Omnirapeutic.Tests.Infrastructure;

internal static class HttpAssertions
{
    /// <summary>The path of a redirect, whether the server wrote it relative or absolute.</summary>
    public static string PathOnly(this Uri? location) =>
        location is null ? string.Empty
        : location.IsAbsoluteUri ? location.AbsolutePath
        : location.OriginalString.Split('?')[0];
}
