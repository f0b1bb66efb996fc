namespace Omnirapeutic.Core.Availability;

/// <summary>A practitioner's weekly working hours and the time off that has not yet ended, soonest first.</summary>
public sealed record PractitionerAvailability(Guid PractitionerId, IReadOnlyList<WeeklyWindow> Weekly, IReadOnlyList<TimeOffView> TimeOff);

/// <summary>One stretch of a practitioner's time off.</summary>
public sealed record TimeOffView(Guid Id, DateTimeOffset Start, DateTimeOffset End, string? Reason);

/// <summary>When the people of a calendar can be booked, by practitioner and by client; someone left out has defined nothing.</summary>
public sealed record AvailabilityPlans(IReadOnlyDictionary<Guid, AvailabilityPlan> Practitioners, IReadOnlyDictionary<Guid, AvailabilityPlan> Clients)
{
    public static AvailabilityPlans None { get; } = new(new Dictionary<Guid, AvailabilityPlan>(), new Dictionary<Guid, AvailabilityPlan>());

    public AvailabilityPlan Practitioner(Guid id) => Practitioners.GetValueOrDefault(id) ?? AvailabilityPlan.None;

    public AvailabilityPlan Client(Guid id) => Clients.GetValueOrDefault(id) ?? AvailabilityPlan.None;
}
