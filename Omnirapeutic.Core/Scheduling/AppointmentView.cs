namespace Omnirapeutic.Core.Scheduling;

public sealed record AppointmentView(
    Guid Id,
    Guid PatientId,
    Guid PractitionerId,
    Guid AuthorizationId,
    DateTimeOffset Start,
    DateTimeOffset End,
    AppointmentStatus Status,
    int Units,
    string PlaceOfService,
    IReadOnlyList<string> Modifiers,
    DateTimeOffset? ActualStart,
    DateTimeOffset? ActualEnd,
    int? ActualUnits,
    Guid? SeriesId)
{
    public static AppointmentView Of(Appointment a) => new(
        a.Id, a.PatientId, a.PractitionerId, a.AuthorizationId, a.StartAt, a.EndAt, a.Status, a.Units, a.PlaceOfService, a.Modifiers,
        a.ActualStartAt, a.ActualEndAt, a.ActualUnits, a.SeriesId);
}
