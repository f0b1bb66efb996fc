namespace Omnirapeutic.Core.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Practitioner = "Practitioner";

    /// <summary>
    /// The front desk: every practitioner's schedule (book, move, cancel, no-show, complete) and the balances it books
    /// against; never users, payers, settings, the worklist or a change to an authorization.
    /// </summary>
    public const string Scheduler = "Scheduler";

    public static IReadOnlyList<string> All { get; } = [Admin, Practitioner, Scheduler];
}
