namespace Omnirapeutic.Core.Scheduling;

/// <summary>A session as the week calendar shows it: initials, not names, on the block itself.</summary>
public sealed record CalendarEntry(AppointmentView Appointment, string PatientInitials, string ServiceCode);
