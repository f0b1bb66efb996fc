namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// The dates sessions may fall on: wide for any clinic's history and plans, and far from the calendar's ends, where
/// a week's or a time zone's arithmetic would run past <see cref="DateOnly.MaxValue"/>.
/// </summary>
public static class ServiceDateRange
{
    public static readonly DateOnly First = new(2000, 1, 1);

    public static readonly DateOnly Last = new(2199, 12, 31);

    public static void EnsureContains(DateOnly date)
    {
        if (date < First || date > Last)
        {
            throw DomainException.Invalid("date-out-of-range", $"Dates from {First:yyyy-MM-dd} to {Last:yyyy-MM-dd} are supported.");
        }
    }
}
