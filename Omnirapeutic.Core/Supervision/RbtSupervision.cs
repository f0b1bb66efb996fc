namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// One RBT's month: who supervises them, the share it requires, what is completed and the forecast (completed plus
/// scheduled to the month's end), each requirement the month misses (by the forecast while it is open, by what was
/// completed once it is over), the supervised minutes still needed and where it stands.
/// </summary>
public sealed record RbtSupervision(
    Guid PractitionerId,
    string Name,
    Guid? SupervisorId,
    string? SupervisorName,
    decimal RequiredSharePercent,
    SupervisionFigures Completed,
    SupervisionFigures Forecast,
    int RequiredMinutes,
    int MinutesStillNeeded,
    IReadOnlyList<SupervisionShortfall> Missing,
    SupervisionStatus Status);
