using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Patients;

public sealed class PatientDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory, Caseload caseload, TimeProvider time)
{
    /// <summary>The organization's patients, by last name; <paramref name="search"/> matches name or member id.</summary>
    public Task<IReadOnlyList<PatientListItem>> ListAsync(Guid organizationId, string? search = null, CancellationToken cancellationToken = default) =>
        ListAsync(organizationId, search, null, cancellationToken);

    /// <summary>The patients <paramref name="viewer"/> may see (their caseload, where the organization limits practitioners to it).</summary>
    public async Task<IReadOnlyList<PatientListItem>> ListForAsync(Actor viewer, string? search = null, CancellationToken cancellationToken = default) =>
        await ListAsync(viewer.OrganizationId, search, await caseload.ClientsOfAsync(viewer, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<PatientListItem>> ListAsync(Guid organizationId, string? search, IReadOnlySet<Guid>? only, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var patients = db.Patients.AsQueryable();
        if (only is not null)
        {
            var ids = only.ToList();
            patients = patients.Where(p => ids.Contains(p.Id));
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            patients = patients.Where(p =>
                EF.Functions.ILike(p.FirstName + " " + p.LastName, pattern) || EF.Functions.ILike(p.MemberId, pattern));
        }

        return await patients
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new PatientListItem(
                p.Id,
                p.FirstName + " " + p.LastName,
                p.DateOfBirth,
                p.MemberId,
                p.UsualPlaceOfService,
                db.Authorizations.Count(a => a.PatientId == p.Id && a.Status == AuthorizationStatus.Active)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The patient's page, or not found (also for another organization's patient).</summary>
    public async Task<PatientProfile> GetProfileAsync(Guid organizationId, Guid patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var patient = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == patientId, cancellationToken)
            ?? throw DomainException.NotFound("patient");
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == organizationId, cancellationToken);
        var now = time.GetUtcNow().ToUniversalTime();
        var authorizations = await db.Authorizations.AsNoTracking()
            .Where(a => a.PatientId == patientId)
            .OrderBy(a => a.Status).ThenBy(a => a.ServiceCode).ThenBy(a => a.EndDate)
            .Select(a => new AuthorizationBalance(
                a.Id, a.AuthNumber, a.PatientId, a.PayerId, a.ServiceCode, a.StartDate, a.EndDate,
                a.TotalUnits, a.UsedUnits, a.ScheduledUnits, a.TotalUnits - a.UsedUnits - a.ScheduledUnits,
                new UnitLimits(a.LimitPerDay, a.LimitPerWeek, a.LimitPerMonth), a.Status, a.Version, a.PredecessorId, a.SuccessorId))
            .ToListAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZoneId);
        var byId = authorizations.ToDictionary(a => a.Id);
        var upcoming = (await db.Appointments.AsNoTracking()
            .Where(a => a.PatientId == patientId && a.Status == AppointmentStatus.Scheduled && a.EndAt >= now)
            .OrderBy(a => a.StartAt)
            .Take(20)
            .Select(a => new
            {
                a.Id,
                a.StartAt,
                a.EndAt,
                Practitioner = db.Practitioners.Where(p => p.Id == a.PractitionerId).Select(p => p.FirstName + " " + p.LastName).Single(),
                a.AuthorizationId,
                a.Units,
            })
            .ToListAsync(cancellationToken))
            .Select(r =>
            {
                var authorization = byId[r.AuthorizationId];
                var afterEnd = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.StartAt, zone).DateTime) > authorization.EndDate;
                return new UpcomingSession(
                    r.Id, r.StartAt, r.EndAt, r.Practitioner, authorization.ServiceCode, r.Units, authorization.AuthNumber, SessionFlag.Of(authorization.Status, afterEnd));
            })
            .ToList();
        var caseSupervisor = patient.CaseSupervisorId is { } supervisorId
            ? await db.Practitioners.Where(p => p.Id == supervisorId).Select(p => new CaseSupervisor(p.Id, p.FirstName + " " + p.LastName)).SingleAsync(cancellationToken)
            : null;
        var today = time.Today(organization.TimeZoneId);
        var periods = await PeriodHolding.TodayAsync(db, authorizations.Select(a => (a.Id, a.PayerId, a.Limits)), today, cancellationToken);
        return new PatientProfile(
            patient.Id, patient.Name, patient.DateOfBirth, patient.MemberId, today, organization.TimeZoneId,
            organization.LowBalanceThresholdPercent, organization.ExpiryAlertDays, authorizations, periods, upcoming, caseSupervisor, patient.Billing);
    }

    /// <summary>One patient's details for editing; another organization's patient is answered as not found.</summary>
    public async Task<PatientDetails> GetAsync(Guid organizationId, Guid patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Patients
            .Where(p => p.Id == patientId)
            .Select(p => new PatientDetails(p.FirstName, p.LastName, p.DateOfBirth, p.MemberId, p.UsualPlaceOfService))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("patient");
    }
}
