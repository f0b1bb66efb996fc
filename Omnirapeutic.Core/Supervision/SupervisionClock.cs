using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Supervision;

/// <summary>A calendar month in the organization's time zone: its instants, today there, and whether the month is over.</summary>
internal sealed record SupervisionClock(TimeZoneInfo Zone, DateOnly Month, DateTimeOffset From, DateTimeOffset To, DateOnly Today, DateTimeOffset Now)
{
    public bool IsOver => Today >= Month.AddMonths(1);

    /// <summary>The given month, or the organization's current one.</summary>
    public static async Task<SupervisionClock> LoadAsync(
        OmnirapeuticDbContext db, Guid organizationId, DateOnly? month, TimeProvider time, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var today = time.Today(timeZoneId);
        var first = month is { } m ? new DateOnly(m.Year, m.Month, 1) : new DateOnly(today.Year, today.Month, 1);
        var (from, to) = SupervisionRequirement.MonthWindow(zone, first);
        return new SupervisionClock(zone, first, from, to, today, time.GetUtcNow());
    }
}
