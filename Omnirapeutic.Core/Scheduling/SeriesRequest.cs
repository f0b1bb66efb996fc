namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// A weekly series: on each of <see cref="Days"/> from <see cref="FirstDate"/>, at <see cref="StartTime"/> in the
/// organization's time zone, until <see cref="Until"/> (inclusive) or for <see cref="Count"/> sessions, each at
/// <see cref="PlaceOfService"/> (the patient's usual place when left out). Sessions outside someone's availability
/// book only with <see cref="AcknowledgeWarnings"/>.
/// </summary>
public sealed record SeriesRequest(
    Guid PatientId,
    Guid PractitionerId,
    Guid AuthorizationId,
    DateOnly FirstDate,
    TimeOnly StartTime,
    int DurationMinutes,
    IReadOnlyList<DayOfWeek> Days,
    DateOnly? Until = null,
    int? Count = null,
    string? PlaceOfService = null,
    bool AcknowledgeWarnings = false);
