using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Claims;

/// <summary>
/// Revenue at a glance: per week of dates of service (weeks from Sunday, in the organization's time zone), the sessions,
/// units and charges rendered and how far they have come (documented, verified, billed: each a share of the one
/// before), and the sessions that have waited longest at each step. A billed session's charge is its claim line's; any
/// other's is its units at its payer's fee today (none where the payer has no fee for the code). No PHI beyond initials.
/// </summary>
public sealed class RevenueReport(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The weeks shown: this one and the seven before.</summary>
    public const int Weeks = 8;

    /// <summary>The sessions shown per step, longest waiting first.</summary>
    public const int OldestShown = 5;

    private static readonly AppointmentStatus[] Rendered =
        [AppointmentStatus.Completed, AppointmentStatus.Documented, AppointmentStatus.Verified, AppointmentStatus.Billed];

    public async Task<Revenue> GetAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var timeZoneId = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var now = time.GetUtcNow();
        var today = time.Today(timeZoneId);
        var firstWeek = today.AddDays(-(int)today.DayOfWeek - (7 * (Weeks - 1)));
        var from = LocalClock.ToInstant(zone, firstWeek.ToDateTime(TimeOnly.MinValue));
        var fees = await db.Payers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Fees, cancellationToken);
        var sessions = await db.Appointments.AsNoTracking()
            .Where(a => Rendered.Contains(a.Status) && a.StartAt >= from)
            .Join(db.Authorizations, a => a.AuthorizationId, x => x.Id, (a, x) => new
            {
                a.StartAt,
                a.Status,
                Units = a.ActualUnits ?? 0,
                x.PayerId,
                x.ServiceCode,
                Billed = db.ClaimLines.Where(l => l.AppointmentId == a.Id && !l.BatchVoided).Select(l => (decimal?)l.Charge).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var weeks = Enumerable.Range(0, Weeks).Select(i =>
        {
            var starts = firstWeek.AddDays(7 * i);
            var inWeek = sessions
                .Where(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.StartAt, zone).DateTime) is var day && day >= starts && day < starts.AddDays(7))
                .Select(s => (s.Status, s.Units, Charge: s.Billed ?? s.Units * fees.GetValueOrDefault(s.PayerId)?.GetValueOrDefault(s.ServiceCode) ?? 0m))
                .ToList();
            RevenueStep StepOf(params AppointmentStatus[] statuses)
            {
                var reached = inWeek.Where(s => statuses.Contains(s.Status)).ToList();
                return new RevenueStep(reached.Count, reached.Sum(s => s.Units), reached.Sum(s => s.Charge));
            }

            return new RevenueWeek(
                starts,
                StepOf(Rendered),
                StepOf(AppointmentStatus.Documented, AppointmentStatus.Verified, AppointmentStatus.Billed),
                StepOf(AppointmentStatus.Verified, AppointmentStatus.Billed),
                StepOf(AppointmentStatus.Billed));
        }).ToList();

        var awaitingCorrection = SessionRecord.AwaitingCorrectionIds(db);
        var toDocument = await WaitingAsync(
            db, db.Appointments.Where(a => a.Status == AppointmentStatus.Completed).Select(a => new Waiting { Appointment = a, Since = a.ActualEndAt ?? a.EndAt }), now, cancellationToken);
        var toVerify = await WaitingAsync(
            db,
            db.Appointments.Where(a => a.Status == AppointmentStatus.Documented && !awaitingCorrection.Contains(a.Id))
                .Select(a => new Waiting { Appointment = a, Since = db.SessionNotes.Where(n => n.AppointmentId == a.Id).Select(n => n.SignedAt!.Value).Single() }),
            now,
            cancellationToken);
        var toBill = await WaitingAsync(
            db, db.Appointments.Where(a => a.Status == AppointmentStatus.Verified).Select(a => new Waiting { Appointment = a, Since = a.VerifiedAt!.Value }), now, cancellationToken);
        return new Revenue(today, weeks, toDocument, toVerify, toBill);
    }

    /// <summary>How many sessions wait at a step, and the ones that have waited longest.</summary>
    private static async Task<WaitingStep> WaitingAsync(OmnirapeuticDbContext db, IQueryable<Waiting> waiting, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = await waiting.CountAsync(cancellationToken);
        var oldest = await waiting
            .OrderBy(w => w.Since).ThenBy(w => w.Appointment.Id)
            .Take(OldestShown)
            .Select(w => new
            {
                w.Appointment.Id,
                w.Appointment.StartAt,
                w.Since,
                Patient = db.Patients.Where(p => p.Id == w.Appointment.PatientId).Select(p => new { p.FirstName, p.LastName }).Single(),
                ServiceCode = db.Authorizations.Where(x => x.Id == w.Appointment.AuthorizationId).Select(x => x.ServiceCode).Single(),
                Practitioner = db.Practitioners.Where(p => p.Id == w.Appointment.PractitionerId).Select(p => p.FirstName + " " + p.LastName).Single(),
            })
            .ToListAsync(cancellationToken);
        return new WaitingStep(count, [.. oldest.Select(o => new WaitingSession(
            o.Id, o.StartAt, Patient.InitialsOf(o.Patient.FirstName, o.Patient.LastName), o.ServiceCode, o.Practitioner, o.Since, (int)(now - o.Since).TotalDays))]);
    }

    /// <summary>A session at a step, with when it got there (member-initialized, so queries compose over it).</summary>
    private sealed class Waiting
    {
        public required Appointment Appointment { get; init; }

        public required DateTimeOffset Since { get; init; }
    }
}

/// <summary>The weeks of revenue, oldest first (the last is this week), and what waits at each step.</summary>
public sealed record Revenue(DateOnly Today, IReadOnlyList<RevenueWeek> Weeks, WaitingStep ToDocument, WaitingStep ToVerify, WaitingStep ToBill)
{
    public RevenueWeek ThisWeek => Weeks[^1];
}

/// <summary>One week of dates of service: what was rendered, and of it what is documented, verified and billed.</summary>
public sealed record RevenueWeek(DateOnly Starts, RevenueStep Rendered, RevenueStep Documented, RevenueStep Verified, RevenueStep Billed);

public sealed record RevenueStep(int Sessions, int Units, decimal Charges);

/// <summary>How many sessions wait at a step (a note to sign, a verification, a claim batch), and the longest waiting.</summary>
public sealed record WaitingStep(int Count, IReadOnlyList<WaitingSession> Oldest);

/// <summary>A session waiting at a step since <see cref="Since"/> (its end, its signing, its verification).</summary>
public sealed record WaitingSession(
    Guid AppointmentId, DateTimeOffset StartAt, string PatientInitials, string ServiceCode, string PractitionerName, DateTimeOffset Since, int DaysWaiting);
