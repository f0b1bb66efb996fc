namespace Omnirapeutic.Core.Scheduling;

/// <summary>A session as the API answers it; two views are equal when every field is, the modifiers compared in order.</summary>
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

    public bool Equals(AppointmentView? other) =>
        other is not null
        && (Id, PatientId, PractitionerId, AuthorizationId, Start, End, Status, Units, PlaceOfService, ActualStart, ActualEnd, ActualUnits, SeriesId)
            == (other.Id, other.PatientId, other.PractitionerId, other.AuthorizationId, other.Start, other.End, other.Status, other.Units,
                other.PlaceOfService, other.ActualStart, other.ActualEnd, other.ActualUnits, other.SeriesId)
        && Modifiers.SequenceEqual(other.Modifiers);

    public override int GetHashCode() => HashCode.Combine(Id, Start, End, Status, Units, PlaceOfService);
}
