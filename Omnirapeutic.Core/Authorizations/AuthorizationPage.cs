namespace Omnirapeutic.Core.Authorizations;

/// <summary>One page of a search and the number of authorizations that match it on every page.</summary>
public sealed record AuthorizationPage(IReadOnlyList<AuthorizationListItem> Items, int TotalCount);
