using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// What booking a session would do: the authorization it counts on, who delivers it, its units, place of service and modifiers, what
/// refuses it, the authorization's balance around it, each limited period (day, week, month) the session falls in with its units before and after,
/// and what warns of it (outside someone's availability): a warned session books only when the warnings are acknowledged.
/// </summary>
public sealed record BookingPreview(
    DateTimeOffset Start,
    DateTimeOffset End,
    Guid AuthorizationId,
    Guid PractitionerId,
    int Units,
    string PlaceOfService,
    IReadOnlyList<string> Modifiers,
    int AvailableBefore,
    int AvailableAfter,
    IReadOnlyList<PeriodUse> Periods,
    IReadOnlyList<SchedulingConflict> Conflicts,
    IReadOnlyList<SchedulingConflict> Warnings)
{
    public bool CanBook => Conflicts.Count == 0;
}
