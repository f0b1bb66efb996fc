namespace Omnirapeutic.Core.Identity;

public sealed record UserListItem(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles, bool IsLockedOut);
