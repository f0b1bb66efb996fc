using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>How the calendar, the session dialog and the lists flag a scheduled session its authorization cannot bill yet or any more.</summary>
public static class SessionFlag
{
    /// <summary>"pending authorization", "no authorization", or null for a session its authorization bills.</summary>
    public static string? Of(AuthorizationStatus status, bool afterAuthorizationEnd) => status switch
    {
        AuthorizationStatus.Requested => "pending authorization",
        AuthorizationStatus.Denied or AuthorizationStatus.Voided => "no authorization",
        _ when afterAuthorizationEnd => "no authorization",
        _ => null,
    };
}
