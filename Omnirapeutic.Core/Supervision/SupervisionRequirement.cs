using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;

namespace Omnirapeutic.Core.Supervision;

/// <summary>
/// The BACB's monthly rule for an RBT, counted from the schedule: supervised time at least the share of their direct
/// hours (5 %, or the highest share among the payers of the month's 97153 sessions), in at least two contacts, one
/// individual and one observing them with a client. A 97155 over the RBT's 97153 for the same client is an observed,
/// individual contact, and only the time the two overlap counts; a supervision meeting they attend is a contact for its
/// whole time, individual when they are its only RBT and a group contact otherwise; an observation of their session is
/// observed and individual.
/// </summary>
public static class SupervisionRequirement
{
    public const int MinimumContacts = 2;

    /// <summary>The instants a calendar month spans in the organization's time zone: its first midnight to the next month's.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) MonthWindow(TimeZoneInfo zone, DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return (LocalClock.ToInstant(zone, first, 0), LocalClock.ToInstant(zone, first.AddMonths(1), 0));
    }

    /// <summary>The share of direct hours the month requires: the highest of the payers of the RBT's 97153 sessions in it, and never under 5 %.</summary>
    public static decimal SharePercent(IEnumerable<SupervisionSession> direct) =>
        direct.Select(s => s.PayerSharePercent).Append(Payer.MinimumSupervisionPercent).Max();

    /// <summary>
    /// An RBT's figures for the month: their 97153 sessions starting in it, and the supervision over them. With
    /// <paramref name="renderedOnly"/>, only what was rendered (both sessions of an overlay) and completed meetings; otherwise what is scheduled too.
    /// </summary>
    public static SupervisionFigures Count(
        Guid rbtId, IReadOnlyList<SupervisionSession> sessions, DateTimeOffset from, DateTimeOffset to, bool renderedOnly, IReadOnlyList<SupervisionContact>? meetings = null)
    {
        var attended = (meetings ?? [])
            .Where(m => m.RbtIds.Contains(rbtId) && m.Start >= from && m.Start < to && (m.Completed || !renderedOnly))
            .ToList();
        var counted = sessions.Where(s => s.Rendered || !renderedOnly).ToList();
        var direct = Direct(rbtId, counted, from, to);
        var overlays = counted
            .Where(s => s.ServiceCode == ServiceCode.ProtocolModification)
            .Select(s => direct.Where(d => d.PatientId == s.PatientId).Sum(d => OverlapMinutes(s, d)))
            .Where(minutes => minutes > 0)
            .ToList();
        return new SupervisionFigures(
            direct.Sum(d => Minutes(d.Start, d.End)),
            overlays.Sum() + attended.Sum(m => Minutes(m.Start, m.End)),
            overlays.Count + attended.Count,
            overlays.Count + attended.Count(m => m.RbtIds.Count == 1),
            overlays.Count + attended.Count(m => m.Observed));
    }

    /// <summary>The RBT's 97153 sessions that start in the month.</summary>
    public static IReadOnlyList<SupervisionSession> Direct(Guid rbtId, IEnumerable<SupervisionSession> sessions, DateTimeOffset from, DateTimeOffset to) =>
        [.. sessions.Where(s => s.PractitionerId == rbtId && s.ServiceCode == ServiceCode.TreatmentByProtocol && s.Start >= from && s.Start < to)];

    /// <summary>The supervised minutes the share asks of these direct minutes, rounded up to a whole minute.</summary>
    public static int RequiredMinutes(int directMinutes, decimal sharePercent) => (int)Math.Ceiling(directMinutes * sharePercent / 100m);

    /// <summary>Each requirement the figures miss, in the order the rule states them.</summary>
    public static IReadOnlyList<SupervisionShortfall> Missing(SupervisionFigures figures, decimal sharePercent)
    {
        if (figures.DirectMinutes == 0)
        {
            return [];
        }

        List<SupervisionShortfall> missing = [];
        if (figures.SupervisedMinutes * 100m < figures.DirectMinutes * sharePercent)
        {
            missing.Add(SupervisionShortfall.Share);
        }

        if (figures.Contacts < MinimumContacts)
        {
            missing.Add(SupervisionShortfall.Contacts);
        }

        if (figures.IndividualContacts == 0)
        {
            missing.Add(SupervisionShortfall.Individual);
        }

        if (figures.ObservedContacts == 0)
        {
            missing.Add(SupervisionShortfall.Observed);
        }

        return missing;
    }

    /// <summary>
    /// Where the month stands: once it is over, by what was completed; while it is open, by what is completed and
    /// scheduled to its end.
    /// </summary>
    public static SupervisionStatus StatusOf(SupervisionFigures forecast, IReadOnlyList<SupervisionShortfall> missing, bool monthOver) =>
        (forecast.DirectMinutes, missing.Count, monthOver) switch
        {
            (0, _, _) => SupervisionStatus.NoServices,
            (_, 0, true) => SupervisionStatus.Met,
            (_, _, true) => SupervisionStatus.NotMet,
            (_, 0, false) => SupervisionStatus.OnTrack,
            _ => SupervisionStatus.AtRisk,
        };

    private static int OverlapMinutes(SupervisionSession a, SupervisionSession b)
    {
        var start = a.Start > b.Start ? a.Start : b.Start;
        var end = a.End < b.End ? a.End : b.End;
        return end > start ? Minutes(start, end) : 0;
    }

    private static int Minutes(DateTimeOffset start, DateTimeOffset end) => (int)(end - start).TotalMinutes;
}
