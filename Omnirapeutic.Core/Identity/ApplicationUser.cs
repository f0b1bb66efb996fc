using Microsoft.AspNetCore.Identity;

namespace Omnirapeutic.Core.Identity;

/// <summary>A person who signs in; belongs to exactly one organization.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public Guid OrganizationId { get; set; }

    public string DisplayName { get; set; } = string.Empty;
}
