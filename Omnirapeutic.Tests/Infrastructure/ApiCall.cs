namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>A valid request to one endpoint: its path (with the query, for a GET) and JSON body, if it takes one.</summary>
public sealed record ApiCall(string Path, string? Body, bool Anonymous = false);
