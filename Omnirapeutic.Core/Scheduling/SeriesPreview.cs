namespace Omnirapeutic.Core.Scheduling;

public sealed record SeriesPreview(IReadOnlyList<BookingPreview> Occurrences, int TotalUnits)
{
    public bool CanBook => Occurrences.All(o => o.CanBook);
}
