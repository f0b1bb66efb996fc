using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Live;

/// <summary>A committed balance change, read after the commit, for one organization's listeners.</summary>
public sealed record BalanceUpdate(Guid OrganizationId, AuthorizationBalance Balance);
