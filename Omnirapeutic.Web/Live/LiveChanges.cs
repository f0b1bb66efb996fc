using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Live;

/// <summary>
/// What a page receives in one delivery: the newest balance of each authorization that changed since the last one
/// (read once per node after the commit), and whether it must re-read everything (the listener reconnected).
/// </summary>
public sealed record LiveChanges(IReadOnlyList<AuthorizationBalance> Balances, bool Resynchronize);
