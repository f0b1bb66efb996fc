namespace Omnirapeutic.Core.Scheduling;

public sealed record PractitionerWeek(Guid PractitionerId, DateOnly Monday, string TimeZoneId, IReadOnlyList<AppointmentView> Appointments);
