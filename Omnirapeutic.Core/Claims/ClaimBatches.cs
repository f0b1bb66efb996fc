using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Claims;

/// <summary>
/// Claim batches: an admin takes a payer's verified sessions of a date range (the organization's dates of service)
/// into claim lines at once, and the sessions are billed; voiding the batch verifies them again. A session is in at
/// most one batch that is not voided (a partial unique index), a line's units are its session's consumed units (a
/// deferred constraint trigger, and the reconciliation each view shows), and units and the ledger never move.
/// </summary>
public sealed class ClaimBatches(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>A batch covers at most a year of dates of service.</summary>
    public const int MaxRangeDays = 366;

    public async Task<Guid> CreateAsync(Actor actor, Guid payerId, DateOnly from, DateOnly to, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        if (to < from || to.DayNumber - from.DayNumber >= MaxRangeDays)
        {
            throw DomainException.Invalid("invalid-range", $"A batch covers dates of service from one date to another, at most {MaxRangeDays} days.");
        }

        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"claims.batch|{payerId}|{from:yyyy-MM-dd}|{to:yyyy-MM-dd}");
        return await unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var now = time.GetUtcNow();
            if (key is not null && (await db.FindAnswersAsync([key], now, ct)).SingleOrDefault() is { } answered)
            {
                return answered.Replay<Guid>(key);
            }

            var payer = await db.Payers.SingleOrDefaultAsync(p => p.Id == payerId, ct) ?? throw DomainException.NotFound("payer");
            var zone = TimeZoneInfo.FindSystemTimeZoneById(await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.TimeZoneId).SingleAsync(ct));
            var sessions = await VerifiedSessionsAsync(db, payerId, from, to, zone, ct);
            if (sessions.Count == 0)
            {
                throw DomainException.Conflict(
                    "nothing-to-bill", $"No verified session of {payer.Name} with units to bill falls from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}.");
            }

            var undiagnosed = sessions.Where(s => s.Claim.DiagnosisCodes.Count == 0).Select(s => s.Initials).Distinct().Order(StringComparer.Ordinal).ToList();
            if (undiagnosed.Count > 0)
            {
                throw DomainException.Conflict(
                    "diagnosis-missing",
                    $"{undiagnosed.Count} client(s) of these sessions ({string.Join(", ", undiagnosed)}) have no diagnosis code; add it under Billing on each client's page.");
            }

            var unpriced = sessions.Select(s => s.Claim.ServiceCode).Distinct().Where(code => !payer.Fees.ContainsKey(code)).Order().ToList();
            if (unpriced.Count > 0)
            {
                throw DomainException.Conflict(
                    "fee-missing", $"{payer.Name} has no fee per unit for {string.Join(", ", unpriced)}; set it on the Payers page before billing.");
            }

            var batch = new ClaimBatch(actor.OrganizationId, payerId, payer.Name, payer.TimelyFilingDays, from, to, actor.UserId, now);
            foreach (var (session, number) in sessions.Select((s, i) => (s, i + 1)))
            {
                batch.Add(new ClaimLine(batch, number, session.Claim, payer.Fees[session.Claim.ServiceCode]));
                session.Appointment.Bill(now);
            }

            db.ClaimBatches.Add(batch);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "claims.batch.create", "claim-batch", batch.Id.ToString(),
                JsonSerializer.Serialize(new { payerId, lines = batch.Lines.Count }), now));
            await db.AnnounceSessionsChangedAsync(actor.OrganizationId, sessions.Select(s => s.Appointment.AuthorizationId), ct);
            if (key is not null)
            {
                db.IdempotencyRecords.Add(IdempotencyRecord.Succeeded(actor.OrganizationId, key, batch.Id, now));
            }

            return batch.Id;
        }, cancellationToken);
    }

    /// <summary>Voids the batch: its sessions are verified again, to be billed in another.</summary>
    public Task VoidAsync(Actor actor, Guid batchId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"claims.void|{batchId}|{reason}");
        return unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var now = time.GetUtcNow();
            if (key is not null && (await db.FindAnswersAsync([key], now, ct)).SingleOrDefault() is { } answered)
            {
                return answered.Replay<Guid>(key);
            }

            var batch = await db.ClaimBatches.Include(b => b.Lines).SingleOrDefaultAsync(b => b.Id == batchId, ct) ?? throw DomainException.NotFound("claim batch");
            batch.Void(actor.UserId, reason, now);
            var sessionIds = batch.Lines.Select(l => l.AppointmentId).ToList();
            var sessions = await db.Appointments.Where(a => sessionIds.Contains(a.Id)).ToListAsync(ct);
            foreach (var session in sessions)
            {
                session.Unbill(now);
            }

            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "claims.batch.void", "claim-batch", batch.Id.ToString(), JsonSerializer.Serialize(new { lines = sessionIds.Count }), now));
            await db.AnnounceSessionsChangedAsync(actor.OrganizationId, sessions.Select(s => s.AuthorizationId), ct);
            if (key is not null)
            {
                db.IdempotencyRecords.Add(IdempotencyRecord.Succeeded(actor.OrganizationId, key, batch.Id, now));
            }

            return batch.Id;
        }, cancellationToken);
    }

    /// <summary>The organization's batches, newest first.</summary>
    public async Task<IReadOnlyList<ClaimBatchSummary>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await Summaries(db.ClaimBatches).ToListAsync(cancellationToken);
    }

    /// <summary>One batch without its lines: no PHI.</summary>
    public async Task<ClaimBatchSummary> GetSummaryAsync(Guid organizationId, Guid batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await Summaries(db.ClaimBatches.Where(b => b.Id == batchId)).SingleOrDefaultAsync(cancellationToken) ?? throw DomainException.NotFound("claim batch");
    }

    /// <summary>
    /// The batch with its lines and their reconciliation, read for <paramref name="actor"/> and audited as an export
    /// (who read which batch when): it holds PHI.
    /// </summary>
    public Task<ClaimBatchView> ExportAsync(Actor actor, Guid batchId, string format, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var batch = await db.ClaimBatches.AsNoTracking().Include(b => b.Lines).SingleOrDefaultAsync(b => b.Id == batchId, ct)
                ?? throw DomainException.NotFound("claim batch");
            var sessionIds = batch.Lines.Select(l => l.AppointmentId).ToList();
            var consumed = await db.UnitLedger
                .Where(e => e.Kind == LedgerEntryKind.Consume && e.AppointmentId != null && sessionIds.Contains(e.AppointmentId.Value))
                .GroupBy(e => e.AppointmentId!.Value)
                .Select(g => new { Id = g.Key, Units = g.Sum(e => e.Units) })
                .ToDictionaryAsync(g => g.Id, g => g.Units, ct);
            var names = await db.Users.Where(u => u.Id == batch.CreatedByUserId || u.Id == batch.VoidedByUserId)
                .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            var provider = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => new { o.BillingNpi, o.TaxId }).SingleAsync(ct);
            db.AuditEvents.Add(new AuditEvent(
                AuditEventKind.Access, actor.OrganizationId, actor.UserId, "claims.batch.export", "claim-batch", batch.Id.ToString(), JsonSerializer.Serialize(new { format }), time.GetUtcNow()));
            var lines = batch.Lines.OrderBy(l => l.LineNumber).Select(l => new ClaimLineView(
                l.LineNumber, l.AppointmentId, l.ServiceDate, l.MemberId, l.PatientName, l.PatientDateOfBirth, l.AuthNumber, l.ServiceCode, l.Modifiers,
                l.PlaceOfService, l.Units, l.UnitFee, l.Charge, l.RenderingName, l.RenderingNpi, l.DeliveredBy, consumed.GetValueOrDefault(l.AppointmentId),
                l.DiagnosisCodes, l.DiagnosisPointer, l.SubscriberRelationship, l.SubscriberName, l.ServiceDate.AddDays(batch.TimelyFilingDays))).ToList();
            return new ClaimBatchView(
                batch.Id, batch.PayerId, batch.PayerName, batch.FromDate, batch.ToDate, batch.CreatedAt, names.GetValueOrDefault(batch.CreatedByUserId, string.Empty),
                batch.TimelyFilingDays, batch.Voided, batch.VoidedAt, batch.VoidedByUserId is { } voider ? names.GetValueOrDefault(voider) : null, batch.VoidReason,
                provider.BillingNpi, provider.TaxId, lines.Sum(l => l.Units), lines.Sum(l => l.Charge), lines.All(l => l.Units == l.ConsumedUnits), lines);
        }, cancellationToken);

    private static IQueryable<ClaimBatchSummary> Summaries(IQueryable<ClaimBatch> batches) =>
        batches.AsNoTracking()
            .OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Select(b => new ClaimBatchSummary(
                b.Id, b.PayerId, b.PayerName, b.FromDate, b.ToDate, b.CreatedAt, b.LineCount, b.Lines.Sum(l => l.Units), b.Lines.Sum(l => l.Charge), b.Voided));

    /// <summary>
    /// What waits to be billed, per payer: its verified sessions with units that are in no batch, the oldest date of
    /// service and the timely-filing deadline it sets (the payer's days after it), nearest deadline first, with the days
    /// left from the organization's today (negative once past).
    /// </summary>
    public async Task<IReadOnlyList<ReadyToBill>> ReadyAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var timeZoneId = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).SingleAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var rows = await db.Appointments.AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Verified && a.ActualUnits > 0)
            .Join(db.Authorizations, a => a.AuthorizationId, x => x.Id, (a, x) => new { a.StartAt, Units = a.ActualUnits!.Value, x.PayerId })
            .GroupBy(r => r.PayerId)
            .Select(g => new { PayerId = g.Key, Sessions = g.Count(), Units = g.Sum(r => r.Units), Oldest = g.Min(r => r.StartAt) })
            .Join(db.Payers, g => g.PayerId, p => p.Id, (g, p) => new { g.PayerId, p.Name, p.TimelyFilingDays, g.Sessions, g.Units, g.Oldest })
            .ToListAsync(cancellationToken);
        var today = time.Today(timeZoneId);
        return [.. rows
            .Select(r =>
            {
                var oldest = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Oldest, zone).DateTime);
                var deadline = oldest.AddDays(r.TimelyFilingDays);
                return new ReadyToBill(r.PayerId, r.Name, r.Sessions, r.Units, oldest, deadline, deadline.DayNumber - today.DayNumber);
            })
            .OrderBy(r => r.FilingDeadline).ThenBy(r => r.PayerName, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The payer's verified sessions with units to bill whose date of service (in the organization's time zone) falls
    /// in the range, tracked, in claim order: nearest timely-filing deadline first (for one payer, the oldest date of
    /// service), then client, then start. A session whose rendering provider has lost their NPI since it was verified
    /// is refused with who needs one.
    /// </summary>
    private static async Task<List<(Appointment Appointment, ClaimSession Claim, string Initials)>> VerifiedSessionsAsync(
        OmnirapeuticDbContext db, Guid payerId, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var start = LocalClock.ToInstant(zone, from, 0);
        var end = LocalClock.ToInstant(zone, to.AddDays(1), 0);
        var rows = await db.Appointments
            .Where(a => a.Status == AppointmentStatus.Verified && a.StartAt >= start && a.StartAt < end && a.ActualUnits > 0
                && db.Authorizations.Any(x => x.Id == a.AuthorizationId && x.PayerId == payerId))
            .Select(a => new
            {
                Appointment = a,
                Patient = db.Patients.Where(p => p.Id == a.PatientId).Select(p => new
                {
                    p.FirstName, p.LastName, p.DateOfBirth, p.MemberId, p.DiagnosisCodes, p.SubscriberRelationship, p.SubscriberFirstName, p.SubscriberLastName,
                }).Single(),
                Authorization = db.Authorizations.Where(x => x.Id == a.AuthorizationId).Select(x => new { x.AuthNumber, x.ServiceCode }).Single(),
            })
            .ToListAsync(cancellationToken);
        var providers = await ClaimProviders.ForAsync(db, [.. rows.Select(r => r.Appointment.Id)], cancellationToken);
        foreach (var provider in providers.Values)
        {
            provider.RequireNpi();
        }

        return [.. rows
            .Select(r => (r.Appointment, Claim: new ClaimSession(
                r.Appointment.Id, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Appointment.StartAt, zone).DateTime), r.Patient.MemberId,
                $"{r.Patient.FirstName} {r.Patient.LastName}", r.Patient.DateOfBirth, r.Authorization.AuthNumber, r.Authorization.ServiceCode,
                r.Appointment.Modifiers, r.Appointment.PlaceOfService, r.Appointment.ActualUnits!.Value,
                providers[r.Appointment.Id].RenderingName, providers[r.Appointment.Id].RenderingNpi!, providers[r.Appointment.Id].PractitionerName,
                r.Patient.DiagnosisCodes, r.Patient.SubscriberRelationship,
                new PatientBilling([], r.Patient.SubscriberRelationship, r.Patient.SubscriberFirstName, r.Patient.SubscriberLastName).SubscriberName),
                Initials: Patient.InitialsOf(r.Patient.FirstName, r.Patient.LastName)))
            .OrderBy(s => s.Claim.ServiceDate).ThenBy(s => s.Claim.PatientName, StringComparer.Ordinal).ThenBy(s => s.Appointment.StartAt)];
    }
}
