using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>How the organization's authorizations are being used: per service code, and which are at risk.</summary>
public sealed class UtilizationReport(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Units of the active authorizations summed per service code, by code.</summary>
    public async Task<IReadOnlyList<ServiceCodeUtilization>> ByServiceCodeAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Authorizations.AsNoTracking()
            .Where(a => a.Status == AuthorizationStatus.Active)
            .GroupBy(a => a.ServiceCode)
            .OrderBy(g => g.Key)
            .Select(g => new ServiceCodeUtilization(
                g.Key,
                g.Sum(a => a.TotalUnits),
                g.Sum(a => a.UsedUnits),
                g.Sum(a => a.ScheduledUnits),
                g.Sum(a => a.TotalUnits - a.UsedUnits - a.ScheduledUnits)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The active, running authorizations that <see cref="AuthorizationForecast.Assess"/> puts at risk: those
    /// running out first (soonest first), then those leaving the largest share unused.
    /// </summary>
    public async Task<IReadOnlyList<AuthorizationForecast>> AtRiskAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var timeZoneId = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var today = time.Today(timeZoneId);
        var rows = await db.Authorizations.AsNoTracking()
            .Where(a => a.Status == AuthorizationStatus.Active && a.StartDate <= today && a.EndDate >= today)
            .Join(db.Patients.AsNoTracking(), a => a.PatientId, p => p.Id, (a, p) => new
            {
                a.Id,
                a.AuthNumber,
                PatientName = p.FirstName + " " + p.LastName,
                a.ServiceCode,
                a.StartDate,
                a.EndDate,
                a.TotalUnits,
                a.UsedUnits,
                a.ScheduledUnits,
                a.Status,
                LastScheduledStart = db.Appointments
                    .Where(s => s.AuthorizationId == a.Id && s.Status == AppointmentStatus.Scheduled)
                    .Max(s => (DateTimeOffset?)s.StartAt),
            })
            .ToListAsync(cancellationToken);

        return [.. rows
            .Select(r => AuthorizationForecast.Assess(
                new AuthorizationUsage(
                    r.Id, r.AuthNumber, r.PatientName, r.ServiceCode, r.StartDate, r.EndDate, r.TotalUnits, r.UsedUnits, r.ScheduledUnits, r.Status,
                    r.LastScheduledStart is { } start ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime) : null),
                today))
            .OfType<AuthorizationForecast>()
            .Where(f => f.Risk != AuthorizationRisk.None)
            .OrderBy(f => f.Risk)
            .ThenBy(f => f.RunsOutOn)
            .ThenBy(f => (double)f.ProjectedUnits / f.Usage.TotalUnits)
            .ThenBy(f => f.Usage.AuthNumber, StringComparer.Ordinal)];
    }
}
