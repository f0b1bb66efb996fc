namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>
/// A valid request to one endpoint: its path (with the query, for a GET) and JSON body, if it takes one, sent with
/// <see cref="Method"/> (POST unless told).
/// </summary>
public sealed record ApiCall(string Path, string? Body, bool Anonymous = false, IReadOnlyList<string>? Optional = null, string Method = "POST")
{
    /// <summary>Whether the body may leave <paramref name="field"/> out (or send it as null) and still be a valid request.</summary>
    public bool MayOmit(string field) => Optional?.Contains(field) == true;
}
