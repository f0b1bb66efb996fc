namespace Omnirapeutic.Core.Identity;

/// <summary>The signed-in user a change is made for, and the organization that bounds what they see.</summary>
public sealed record Actor(Guid OrganizationId, Guid UserId);
