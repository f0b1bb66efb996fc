using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Availability;

/// <summary>
/// Practitioners' working hours and time off, and clients' availability: read by every calendar and by the booking
/// check (where they warn, never refuse), edited by admins and schedulers. A weekly template is replaced whole.
/// </summary>
public sealed class AvailabilityDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    internal const string TimeOffOverlapMessage = "The practitioner already has time off that overlaps it; change that one instead.";

    public async Task<PractitionerAvailability> PractitionerAsync(Guid organizationId, Guid practitionerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        if (!await db.Practitioners.AnyAsync(p => p.Id == practitionerId, cancellationToken))
        {
            throw DomainException.NotFound("practitioner");
        }

        var now = time.GetUtcNow().ToUniversalTime();
        var weekly = await db.WorkingHours.AsNoTracking().Where(w => w.PractitionerId == practitionerId).ToListAsync(cancellationToken);
        var timeOff = await db.TimeOff.AsNoTracking()
            .Where(t => t.PractitionerId == practitionerId && t.EndsAt > now)
            .OrderBy(t => t.StartsAt)
            .Select(t => new TimeOffView(t.Id, t.StartsAt, t.EndsAt, t.Reason))
            .ToListAsync(cancellationToken);
        return new PractitionerAvailability(practitionerId, Ordered(weekly.Select(w => w.Window)), timeOff);
    }

    public Task SetWorkingHoursAsync(Actor actor, Guid practitionerId, IEnumerable<WeeklyWindow> windows, CancellationToken cancellationToken = default)
    {
        var valid = WeeklyWindow.Validate(windows);
        return unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            if (!await db.Practitioners.AnyAsync(p => p.Id == practitionerId, ct))
            {
                throw DomainException.NotFound("practitioner");
            }

            // The old template goes before the new one arrives, so the exclusion constraint never sees both.
            await db.WorkingHours.Where(w => w.PractitionerId == practitionerId).ExecuteDeleteAsync(ct);
            db.WorkingHours.AddRange(valid.Select(w => new WorkingHours(actor.OrganizationId, practitionerId, w)));
            Audit(db, actor, "availability.working-hours", "practitioner", practitionerId, new { windows = valid.Count });
            return true;
        }, cancellationToken);
    }

    public Task<TimeOffView> AddTimeOffAsync(
        Actor actor, Guid practitionerId, DateTimeOffset start, DateTimeOffset end, string? reason, CancellationToken cancellationToken = default)
    {
        var timeOff = new TimeOff(actor.OrganizationId, practitionerId, start, end, reason, time.GetUtcNow());
        return unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            if (!await db.Practitioners.AnyAsync(p => p.Id == practitionerId, ct))
            {
                throw DomainException.NotFound("practitioner");
            }

            if (await db.TimeOff.AnyAsync(t => t.PractitionerId == practitionerId && t.StartsAt < timeOff.EndsAt && timeOff.StartsAt < t.EndsAt, ct))
            {
                throw DomainException.Conflict("time-off-overlap", TimeOffOverlapMessage);
            }

            db.TimeOff.Add(timeOff);
            Audit(db, actor, "availability.time-off.add", "practitioner", practitionerId, new { timeOffId = timeOff.Id });
            return new TimeOffView(timeOff.Id, timeOff.StartsAt, timeOff.EndsAt, timeOff.Reason);
        }, cancellationToken);
    }

    public Task RemoveTimeOffAsync(Actor actor, Guid practitionerId, Guid timeOffId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            if (await db.TimeOff.Where(t => t.Id == timeOffId && t.PractitionerId == practitionerId).ExecuteDeleteAsync(ct) == 0)
            {
                throw DomainException.NotFound("time off");
            }

            Audit(db, actor, "availability.time-off.remove", "practitioner", practitionerId, new { timeOffId });
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyList<WeeklyWindow>> ClientAsync(Guid organizationId, Guid patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            throw DomainException.NotFound("patient");
        }

        return Ordered((await db.ClientAvailability.AsNoTracking().Where(w => w.PatientId == patientId).ToListAsync(cancellationToken)).Select(w => w.Window));
    }

    public Task SetClientAvailabilityAsync(Actor actor, Guid patientId, IEnumerable<WeeklyWindow> windows, CancellationToken cancellationToken = default)
    {
        var valid = WeeklyWindow.Validate(windows);
        return unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            if (!await db.Patients.AnyAsync(p => p.Id == patientId, ct))
            {
                throw DomainException.NotFound("patient");
            }

            await db.ClientAvailability.Where(w => w.PatientId == patientId).ExecuteDeleteAsync(ct);
            db.ClientAvailability.AddRange(valid.Select(w => new ClientAvailability(actor.OrganizationId, patientId, w)));
            Audit(db, actor, "availability.client", "patient", patientId, new { windows = valid.Count });
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The plans of these people in one query of three short indexed reads (none when nobody is asked for): inside a
    /// lane batch, a booking's check reads them with its sessions.
    /// </summary>
    internal static async Task<AvailabilityPlans> LoadAsync(
        OmnirapeuticDbContext db, IReadOnlyCollection<Guid> practitionerIds, IReadOnlyCollection<Guid> patientIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (practitionerIds.Count == 0 && patientIds.Count == 0)
        {
            return AvailabilityPlans.None;
        }

        var organizationId = db.OrganizationId ?? throw new InvalidOperationException("Availability is read for one organization.");
        var (practitioners, patients) = (practitionerIds.ToArray(), patientIds.ToArray());
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT 'hours' AS kind, practitioner_id AS owner, day, from_minute, to_minute, NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at
            FROM working_hours WHERE organization_id = {organizationId} AND practitioner_id = ANY({practitioners})
            UNION ALL
            SELECT 'off', practitioner_id, NULL, NULL, NULL, starts_at, ends_at
            FROM time_off WHERE organization_id = {organizationId} AND practitioner_id = ANY({practitioners}) AND starts_at < {to.ToUniversalTime()} AND ends_at > {from.ToUniversalTime()}
            UNION ALL
            SELECT 'client', patient_id, day, from_minute, to_minute, NULL, NULL
            FROM client_availability WHERE organization_id = {organizationId} AND patient_id = ANY({patients})
            """).ToListAsync(cancellationToken);
        AvailabilityPlan Plan(IEnumerable<Row> of) => new(
            Ordered(of.Where(r => r.Day is not null).Select(r => new WeeklyWindow(Enum.Parse<DayOfWeek>(r.Day!), r.FromMinute!.Value, r.ToMinute!.Value))),
            [.. of.Where(r => r.StartsAt is not null).Select(r => new Interval(r.StartsAt!.Value, r.EndsAt!.Value)).OrderBy(i => i.Start)]);
        return new AvailabilityPlans(
            rows.Where(r => r.Kind != "client").GroupBy(r => r.Owner).ToDictionary(g => g.Key, Plan),
            rows.Where(r => r.Kind == "client").GroupBy(r => r.Owner).ToDictionary(g => g.Key, Plan));
    }

    private static List<WeeklyWindow> Ordered(IEnumerable<WeeklyWindow> windows) => [.. windows.OrderBy(w => w.Day).ThenBy(w => w.FromMinute)];

    private void Audit(OmnirapeuticDbContext db, Actor actor, string action, string entityType, Guid entityId, object details) =>
        db.AuditEvents.Add(new AuditEvent(actor.OrganizationId, actor.UserId, action, entityType, entityId.ToString(), JsonSerializer.Serialize(details), time.GetUtcNow()));

    private sealed record Row(string Kind, Guid Owner, string? Day, int? FromMinute, int? ToMinute, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);
}
