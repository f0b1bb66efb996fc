namespace Omnirapeutic.Core.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Practitioner = "Practitioner";

    public static IReadOnlyList<string> All { get; } = [Admin, Practitioner];
}
