namespace Omnirapeutic.Core.Identity;

/// <summary>Claims every signed-in principal carries, from cookie or bearer token alike.</summary>
public static class OmnirapeuticClaimTypes
{
    public const string OrganizationId = "omni:org_id";
    public const string OrganizationName = "omni:org_name";
    public const string DisplayName = "omni:display_name";

    /// <summary>The organization's idle logoff in minutes when the user signed in: the cookie's sliding lifetime and the pages' idle timer.</summary>
    public const string IdleLogoffMinutes = "omni:idle_minutes";

    /// <summary>In API tokens: the refresh token this sign-in's refresh token is (see <c>RefreshTokenRotation</c>).</summary>
    public const string RefreshTokenId = "omni:refresh_token_id";
}
