using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Authorizations;

/// <summary>Builds the admin's <see cref="Worklist"/> from the organization's authorizations, sessions and forecasts.</summary>
public sealed class AuthorizationWorklist(IDbContextFactory<OmnirapeuticDbContext> dbFactory, UtilizationReport utilization, TimeProvider time)
{
    /// <summary>No list shows more rows than this; the counts stay exact.</summary>
    public const int MaxRows = 200;

    /// <summary>
    /// <list type="bullet">
    /// <item>Renewals due: active authorizations without a successor ending within their payer's renewal lead time
    /// (from today on), soonest first.</item>
    /// <item>Requests waiting: requested authorizations created more than the organization's follow-up days ago, oldest first.</item>
    /// <item>Sessions without a valid authorization: scheduled sessions on a denied or voided authorization, or after
    /// their authorization's end date, soonest first.</item>
    /// <item>Running out: active authorizations the forecast sees running out before their end date.</item>
    /// </list>
    /// </summary>
    public async Task<Worklist> GetAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var organization = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => new { o.TimeZoneId, o.RequestedFollowUpDays })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
        var today = time.Today(organization.TimeZoneId);
        var rows = db.Authorizations.AsNoTracking()
            .Join(db.Patients.AsNoTracking(), a => a.PatientId, p => p.Id, (a, p) => new { Authorization = a, PatientName = p.FirstName + " " + p.LastName })
            .Join(db.Payers.AsNoTracking(), r => r.Authorization.PayerId, p => p.Id, (r, p) => new { r.Authorization, r.PatientName, p.RenewalLeadDays });

        var due = await rows
            .Where(r => r.Authorization.Status == AuthorizationStatus.Active && r.Authorization.SuccessorId == null
                && r.Authorization.EndDate >= today && r.Authorization.EndDate.AddDays(-r.RenewalLeadDays) <= today)
            .OrderBy(r => r.Authorization.EndDate).ThenBy(r => r.Authorization.AuthNumber)
            .Take(MaxRows)
            .Select(r => new { r.Authorization, r.PatientName })
            .ToListAsync(cancellationToken);

        var askedBefore = time.GetUtcNow().ToUniversalTime().AddDays(-organization.RequestedFollowUpDays);
        var waiting = await rows
            .Where(r => r.Authorization.Status == AuthorizationStatus.Requested && r.Authorization.CreatedAt < askedBefore)
            .OrderBy(r => r.Authorization.CreatedAt).ThenBy(r => r.Authorization.AuthNumber)
            .Take(MaxRows)
            .Select(r => new { r.Authorization, r.PatientName })
            .ToListAsync(cancellationToken);

        var sessions = await db.Database.SqlQuery<SessionRow>($"""
            SELECT s.id AS appointment_id, s.start_at, s.patient_id, p.first_name || ' ' || p.last_name AS patient_name,
                   a.id AS authorization_id, a.auth_number, a.service_code, a.status, a.end_date
            FROM appointments s
            JOIN authorizations a ON a.organization_id = s.organization_id AND a.id = s.authorization_id
            JOIN patients p ON p.organization_id = s.organization_id AND p.id = s.patient_id
            WHERE s.organization_id = {organizationId} AND s.status = 'Scheduled'
              AND (a.status IN ('Denied', 'Voided') OR (s.start_at AT TIME ZONE {organization.TimeZoneId})::date > a.end_date)
            ORDER BY s.start_at
            LIMIT {MaxRows}
            """).ToListAsync(cancellationToken);

        var runningOut = (await utilization.AtRiskAsync(organizationId, cancellationToken)).Where(f => f.Risk == AuthorizationRisk.RunsOutEarly).ToList();
        var runningOutIds = runningOut.Select(f => f.Usage.AuthorizationId).ToList();
        var running = await rows.Where(r => runningOutIds.Contains(r.Authorization.Id))
            .Select(r => new { r.Authorization, r.PatientName })
            .ToDictionaryAsync(r => r.Authorization.Id, cancellationToken);

        return new Worklist(
            [.. due.Select(r => Item(r.Authorization, r.PatientName, today, $"Ends {r.Authorization.EndDate:yyyy-MM-dd}, in {r.Authorization.EndDate.DayNumber - today.DayNumber} days; no renewal yet"))],
            [.. waiting.Select(r => Item(r.Authorization, r.PatientName, today, $"Requested {DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Authorization.CreatedAt, TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZoneId)).DateTime):yyyy-MM-dd}; no answer from the payer yet"))],
            [.. sessions.Select(s => new WorklistSession(
                s.AppointmentId, s.StartAt, s.PatientId, s.PatientName, s.AuthorizationId, s.AuthNumber, s.ServiceCode,
                s.Status switch
                {
                    nameof(AuthorizationStatus.Denied) => $"The payer denied {s.AuthNumber}",
                    nameof(AuthorizationStatus.Voided) => $"{s.AuthNumber} is voided",
                    _ => $"After {s.AuthNumber} ended on {s.EndDate:yyyy-MM-dd}",
                }))],
            [.. runningOut.Where(f => running.ContainsKey(f.Usage.AuthorizationId)).Select(f => Item(
                running[f.Usage.AuthorizationId].Authorization,
                running[f.Usage.AuthorizationId].PatientName,
                today,
                $"Runs out around {f.RunsOutOn:yyyy-MM-dd}, before it ends on {f.Usage.EndDate:yyyy-MM-dd} ({f.ProjectedUnits} of {f.Usage.TotalUnits} units needed)"))]);
    }

    private static WorklistAuthorization Item(Authorization a, string patientName, DateOnly today, string detail) => new(
        new AuthorizationListItem(
            a.Id, a.AuthNumber, a.PatientId, patientName, a.ServiceCode, a.StartDate, a.EndDate, a.TotalUnits, a.UsedUnits, a.ScheduledUnits, a.AvailableUnits, a.Status,
            [], a.SuccessorId, a.IsExpiredOn(today)),
        detail);

    private sealed record SessionRow(
        Guid AppointmentId, DateTimeOffset StartAt, Guid PatientId, string PatientName, Guid AuthorizationId, string AuthNumber, string ServiceCode, string Status, DateOnly EndDate);
}
