using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// A session as the week calendar shows it: initials, not names, on the block itself, and a flag when its
/// authorization is not approved (requested from the payer, or denied or voided).
/// </summary>
public sealed record CalendarEntry(AppointmentView Appointment, string PatientInitials, string ServiceCode, AuthorizationStatus AuthorizationStatus = AuthorizationStatus.Active)
{
    /// <summary>"pending authorization", "no authorization", or null for a session on an approved authorization.</summary>
    public string? Flag => AuthorizationStatus switch
    {
        AuthorizationStatus.Requested => "pending authorization",
        AuthorizationStatus.Denied or AuthorizationStatus.Voided => "no authorization",
        _ => null,
    };
}
