namespace Omnirapeutic.Core.Scheduling;

/// <summary>What booking a session would do: its units, what refuses it, and the authorization's balance around it.</summary>
public sealed record BookingPreview(
    DateTimeOffset Start,
    DateTimeOffset End,
    int Units,
    int AvailableBefore,
    int AvailableAfter,
    IReadOnlyList<SchedulingConflict> Conflicts)
{
    public bool CanBook => Conflicts.Count == 0;
}
