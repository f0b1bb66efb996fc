using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// A session as the week calendar shows it: initials, not names, on the block itself, and a flag when its
/// authorization cannot bill it yet or any more (requested from the payer, denied or voided, or ended before the session),
/// and who delivers it (a client's week shows several practitioners; staff names are not PHI).
/// </summary>
public sealed record CalendarEntry(
    AppointmentView Appointment,
    string PatientInitials,
    string ServiceCode,
    AuthorizationStatus AuthorizationStatus = AuthorizationStatus.Active,
    bool AfterAuthorizationEnd = false,
    string? PractitionerName = null)
{
    /// <summary>"pending authorization", "no authorization", or null for a session its authorization bills.</summary>
    public string? Flag => SessionFlag.Of(AuthorizationStatus, AfterAuthorizationEnd && Appointment.Status == AppointmentStatus.Scheduled);

    /// <summary>Why, in the session dialog's words.</summary>
    public string? FlagReason => AuthorizationStatus switch
    {
        AuthorizationStatus.Requested => "its authorization is still requested from the payer",
        AuthorizationStatus.Denied => "the payer denied its authorization",
        AuthorizationStatus.Voided => "its authorization is voided",
        _ when AfterAuthorizationEnd && Appointment.Status == AppointmentStatus.Scheduled => "it falls after its authorization's end date (expired)",
        _ => null,
    };
}
