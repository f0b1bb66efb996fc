using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// Books, moves, cancels and completes sessions. Every change runs queued behind the organization's other
/// scheduling changes in this node (a booking reads the practitioner's and the patient's time ranges, and
/// SERIALIZABLE's page-level predicate locks on those index ranges would otherwise abort concurrent bookings of
/// different practitioners), in one
/// SERIALIZABLE transaction that changes the appointment, moves its units through the ledger and writes
/// the audit events; the exclusion constraint stands behind the practitioner-overlap check.
/// </summary>
public sealed class AppointmentScheduler(
    SerializableUnitOfWork unitOfWork,
    SchedulingQueue queue,
    UnitLedger ledger,
    IDbContextFactory<OmnirapeuticDbContext> dbFactory,
    TimeProvider time)
{
    public const int MaxSessionMinutes = 12 * 60;
    public const int MaxSeriesOccurrences = 104;

    /// <summary>The refusal the domain check and the exclusion constraint share.</summary>
    internal const string PractitionerDoubleBooked = "The practitioner already has a session at that time";

    /// <summary>What booking this session would do, without saving anything.</summary>
    public async Task<BookingPreview> PreviewAsync(Actor actor, BookingRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var booking = await LoadAsync(db, request.AuthorizationId, cancellationToken);
        return await CheckAsync(db, booking, request.PatientId, request.PractitionerId, request.Start, request.End, null, booking.Authorization.AvailableUnits, cancellationToken);
    }

    public Task<AppointmentView> BookAsync(Actor actor, BookingRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        queue.RunAsync(actor.OrganizationId, () => unitOfWork.RunAsync(actor.OrganizationId, IdempotencyKey.From(actor.UserId, idempotencyKey, $"book|{request}"), async (db, ct) =>
        {
            var booking = await LoadAsync(db, request.AuthorizationId, ct);
            var preview = await CheckAsync(db, booking, request.PatientId, request.PractitionerId, request.Start, request.End, null, booking.Authorization.AvailableUnits, ct);
            ThrowIfRefused(preview);
            return AppointmentView.Of(Add(db, booking, actor, request.PatientId, request.PractitionerId, preview, null, idempotencyKey));
        }, cancellationToken), cancellationToken);

    /// <summary>Every occurrence of a weekly series with its conflicts and the balance after it; nothing is saved.</summary>
    public async Task<SeriesPreview> PreviewSeriesAsync(Actor actor, SeriesRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var booking = await LoadAsync(db, request.AuthorizationId, cancellationToken);
        return await CheckSeriesAsync(db, booking, request, cancellationToken);
    }

    /// <summary>Books every occurrence of a weekly series in one transaction, or none of them.</summary>
    public Task<IReadOnlyList<AppointmentView>> BookSeriesAsync(Actor actor, SeriesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        queue.RunAsync(actor.OrganizationId, () => unitOfWork.RunAsync(actor.OrganizationId, IdempotencyKey.From(actor.UserId, idempotencyKey, $"series|{request}|{string.Join(',', request.Days)}"), async (db, ct) =>
        {
            var booking = await LoadAsync(db, request.AuthorizationId, ct);
            var preview = await CheckSeriesAsync(db, booking, request, ct);
            var refused = preview.Occurrences.Where(o => !o.CanBook).ToList();
            if (refused.Count > 0)
            {
                var first = string.Join("; ", refused.Take(3).Select(o => $"{Local(booking, o.Start):yyyy-MM-dd HH:mm}: {o.Conflicts[0].Message}"));
                throw DomainException.Conflict(
                    "series-conflicts", $"{refused.Count} of {preview.Occurrences.Count} sessions cannot be booked, so none was: {first}");
            }

            var seriesId = Guid.CreateVersion7();
            IReadOnlyList<AppointmentView> booked = [.. preview.Occurrences.Select(o =>
                AppointmentView.Of(Add(db, booking, actor, request.PatientId, request.PractitionerId, o, seriesId, idempotencyKey)))];
            return booked;
        }, cancellationToken), cancellationToken);

    /// <summary>New times or practitioner: every rule is checked again and only the difference in units moves.</summary>
    public Task<AppointmentView> RescheduleAsync(Actor actor, Guid appointmentId, RescheduleRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, appointmentId, $"reschedule|{request}", idempotencyKey, async (db, booking, appointment, ct) =>
        {
            var practitionerId = request.PractitionerId ?? appointment.PractitionerId;
            var preview = await CheckAsync(
                db, booking, appointment.PatientId, practitionerId, request.Start, request.End, appointment.Id, booking.Authorization.AvailableUnits + appointment.Units, ct);
            ThrowIfRefused(preview);
            var change = preview.Units - appointment.Units;
            var from = new { start = appointment.StartAt, end = appointment.EndAt, practitionerId = appointment.PractitionerId, units = appointment.Units };
            appointment.Reschedule(practitionerId, request.Start, request.End, preview.Units, time.GetUtcNow());
            if (change > 0)
            {
                booking.Authorization.Reserve(change, LocalDate(booking, appointment.StartAt));
                ledger.Record(db, booking.Authorization, LedgerEntryKind.Reserve, change, 0, actor, "Session rescheduled", appointment.Id, idempotencyKey);
            }
            else if (change < 0)
            {
                booking.Authorization.Release(-change);
                ledger.Record(db, booking.Authorization, LedgerEntryKind.Release, -change, 0, actor, "Session rescheduled", appointment.Id, idempotencyKey);
            }

            Audit(db, actor, "appointment.reschedule", appointment, new { from, units = appointment.Units, practitionerId });
        }, cancellationToken);

    public Task<AppointmentView> CancelAsync(Actor actor, Guid appointmentId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > UnitLedger.MaxReasonLength
            ? throw DomainException.Invalid("invalid-reason", $"Give a reason of 1 to {UnitLedger.MaxReasonLength} characters.")
            : reason.Trim();
        return ChangeAsync(actor, appointmentId, $"cancel|{why}", idempotencyKey, (db, booking, appointment, _) =>
        {
            appointment.Cancel(why, time.GetUtcNow());
            Release(db, booking, actor, appointment, "Session cancelled", idempotencyKey);
            Audit(db, actor, "appointment.cancel", appointment, new { units = appointment.Units, reason = why });
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public Task<AppointmentView> MarkNoShowAsync(Actor actor, Guid appointmentId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, appointmentId, "no-show", idempotencyKey, (db, booking, appointment, _) =>
        {
            appointment.MarkNoShow(time.GetUtcNow());
            Release(db, booking, actor, appointment, "Patient did not show", idempotencyKey);
            Audit(db, actor, "appointment.no-show", appointment, new { units = appointment.Units });
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Consumes the units the actual times bill and releases the rest; a session that ran longer takes the
    /// extra units when the authorization has them, otherwise completing it is refused with the numbers.
    /// </summary>
    public Task<AppointmentView> CompleteAsync(
        Actor actor, Guid appointmentId, DateTimeOffset actualStart, DateTimeOffset actualEnd, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, appointmentId, $"complete|{actualStart:O}|{actualEnd:O}", idempotencyKey, (db, booking, appointment, _) =>
        {
            appointment.RequireScheduled("be completed");
            if (actualEnd <= actualStart || (actualEnd - actualStart).TotalMinutes > MaxSessionMinutes)
            {
                throw DomainException.Invalid("invalid-times", $"A session ends after it starts and lasts at most {MaxSessionMinutes / 60} hours.");
            }

            if (actualEnd > time.GetUtcNow())
            {
                throw DomainException.Invalid("session-not-over", "A session can be completed only once it has ended.");
            }

            RequirePlausible(booking, appointment, actualStart, actualEnd);

            var actual = UnitCalculator.Units(actualStart, actualEnd, booking.RoundingRule);
            var extra = actual - appointment.Units;
            var serviceDate = LocalDate(booking, actualStart);
            if (extra > booking.Authorization.AvailableUnits)
            {
                throw DomainException.Conflict(
                    "insufficient-units",
                    $"The session ran to {actual} units, {extra} more than the {appointment.Units} reserved, but authorization {booking.Authorization.AuthNumber} has only {booking.Authorization.AvailableUnits} available.");
            }

            if (extra > 0)
            {
                booking.Authorization.Reserve(extra, serviceDate);
                ledger.Record(db, booking.Authorization, LedgerEntryKind.Reserve, extra, 0, actor, "Session ran longer", appointment.Id, idempotencyKey);
            }
            else if (extra < 0)
            {
                booking.Authorization.Release(-extra);
                ledger.Record(db, booking.Authorization, LedgerEntryKind.Release, -extra, 0, actor, "Session ran shorter", appointment.Id, idempotencyKey);
            }

            if (actual > 0)
            {
                booking.Authorization.Consume(actual, serviceDate);
                ledger.Record(db, booking.Authorization, LedgerEntryKind.Consume, actual, 0, actor, "Session completed", appointment.Id, idempotencyKey);
            }

            appointment.Complete(actualStart, actualEnd, actual, time.GetUtcNow());
            Audit(db, actor, "appointment.complete", appointment, new { reserved = appointment.Units, consumed = actual });
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Actual times bill units, so they must describe this session: on its scheduled local day and inside the
    /// authorization's dates. A session that really moved to another day is rescheduled first.
    /// </summary>
    private static void RequirePlausible(Booking booking, Appointment appointment, DateTimeOffset actualStart, DateTimeOffset actualEnd)
    {
        var scheduledDay = LocalDate(booking, appointment.StartAt);
        var firstDay = LocalDate(booking, actualStart);
        var lastDay = LocalDate(booking, actualEnd.AddTicks(-1));
        if (firstDay != scheduledDay || lastDay != scheduledDay)
        {
            throw DomainException.Invalid(
                "implausible-actual-times",
                $"The actual times must fall on the session's day, {scheduledDay:yyyy-MM-dd} (local time); reschedule a session that moved to another day.");
        }

        if (!booking.Authorization.Covers(firstDay))
        {
            throw DomainException.Invalid(
                "implausible-actual-times",
                $"Authorization {booking.Authorization.AuthNumber} covers {booking.Authorization.StartDate:yyyy-MM-dd} to {booking.Authorization.EndDate:yyyy-MM-dd}; the actual times are on {firstDay:yyyy-MM-dd}.");
        }
    }

    private async Task<AppointmentView> ChangeAsync(
        Actor actor,
        Guid appointmentId,
        string request,
        string? idempotencyKey,
        Func<OmnirapeuticDbContext, Booking, Appointment, CancellationToken, Task> change,
        CancellationToken cancellationToken)
    {
        return await queue.RunAsync(actor.OrganizationId, () => unitOfWork.RunAsync(actor.OrganizationId, IdempotencyKey.From(actor.UserId, idempotencyKey, $"{appointmentId}|{request}"), async (db, ct) =>
        {
            var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == appointmentId, ct)
                ?? throw DomainException.NotFound("appointment");
            var booking = await LoadAsync(db, appointment.AuthorizationId, ct);
            await change(db, booking, appointment, ct);
            return AppointmentView.Of(appointment);
        }, cancellationToken), cancellationToken);
    }

    private async Task<Booking> LoadAsync(OmnirapeuticDbContext db, Guid authorizationId, CancellationToken cancellationToken)
    {
        var row = await db.Authorizations
            .Where(a => a.Id == authorizationId)
            .Select(a => new
            {
                Authorization = a,
                Organization = db.Organizations.Where(o => o.Id == a.OrganizationId).Select(o => new { o.TimeZoneId, o.RoundingRule }).Single(),
            })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("authorization");
        return new Booking(row.Authorization, TimeZoneInfo.FindSystemTimeZoneById(row.Organization.TimeZoneId), row.Organization.RoundingRule);
    }

    private async Task<BookingPreview> CheckAsync(
        OmnirapeuticDbContext db,
        Booking booking,
        Guid patientId,
        Guid practitionerId,
        DateTimeOffset start,
        DateTimeOffset end,
        Guid? excluding,
        int available,
        CancellationToken cancellationToken)
    {
        (start, end) = (start.ToUniversalTime(), end.ToUniversalTime());
        if (end <= start || (end - start).TotalMinutes > MaxSessionMinutes)
        {
            throw DomainException.Invalid("invalid-times", $"A session ends after it starts and lasts at most {MaxSessionMinutes / 60} hours.");
        }

        var authorization = booking.Authorization;
        if (authorization.PatientId != patientId)
        {
            throw DomainException.Invalid("authorization-patient-mismatch", $"Authorization {authorization.AuthNumber} belongs to another patient.");
        }

        var units = UnitCalculator.Units(start, end, booking.RoundingRule);
        if (units == 0)
        {
            throw DomainException.Invalid("session-too-short", $"A session of {(int)(end - start).TotalMinutes} minutes bills no units under the {booking.RoundingRule} rule.");
        }

        var practitioner = await db.Practitioners
            .Where(p => p.Id == practitionerId)
            .Select(p => new { p.Credential, p.IsActive })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("practitioner");

        var conflicts = new List<SchedulingConflict>();
        void Refuse(string code, string message) => conflicts.Add(new SchedulingConflict(code, message));

        if (!practitioner.IsActive)
        {
            Refuse("practitioner-inactive", "This practitioner no longer takes sessions.");
        }

        if (!ServiceCode.Catalog.Single(c => c.Code == authorization.ServiceCode).CanBeDeliveredBy(practitioner.Credential))
        {
            Refuse("credential-not-allowed", $"A practitioner with the {practitioner.Credential} credential may not deliver {authorization.ServiceCode}.");
        }

        if (authorization.Status == AuthorizationStatus.Voided)
        {
            Refuse("authorization-voided", $"Authorization {authorization.AuthNumber} is voided.");
        }

        var firstDay = LocalDate(booking, start);
        var lastDay = LocalDate(booking, end.AddTicks(-1));
        if (!authorization.Covers(firstDay) || !authorization.Covers(lastDay))
        {
            Refuse(
                "outside-authorization-dates",
                $"Authorization {authorization.AuthNumber} covers {authorization.StartDate:yyyy-MM-dd} to {authorization.EndDate:yyyy-MM-dd}; this session is on {firstDay:yyyy-MM-dd}.");
        }

        if (units > available)
        {
            Refuse("insufficient-units", $"Authorization {authorization.AuthNumber} has {available} units available; this session needs {units}.");
        }

        var active = db.Appointments.Where(a =>
            a.Id != excluding && (a.Status == AppointmentStatus.Scheduled || a.Status == AppointmentStatus.Completed) && a.StartAt < end && start < a.EndAt);
        var practitionerClash = await active.Where(a => a.PractitionerId == practitionerId)
            .OrderBy(a => a.StartAt).Select(a => new { a.StartAt, a.EndAt }).FirstOrDefaultAsync(cancellationToken);
        if (practitionerClash is not null)
        {
            Refuse(
                "practitioner-double-booked",
                $"{PractitionerDoubleBooked} ({Local(booking, practitionerClash.StartAt):HH:mm} to {Local(booking, practitionerClash.EndAt):HH:mm}).");
        }

        var patientClashes = await active.Where(a => a.PatientId == patientId)
            .Select(a => new { a.StartAt, a.EndAt, Code = db.Authorizations.Where(x => x.Id == a.AuthorizationId).Select(x => x.ServiceCode).Single() })
            .ToListAsync(cancellationToken);
        var patientClash = patientClashes.OrderBy(c => c.StartAt).FirstOrDefault(c => !MayOverlap(authorization.ServiceCode, c.Code));
        if (patientClash is not null)
        {
            Refuse(
                "patient-double-booked",
                $"The patient already has a {patientClash.Code} session from {Local(booking, patientClash.StartAt):HH:mm} to {Local(booking, patientClash.EndAt):HH:mm} that day.");
        }

        return new BookingPreview(start, end, units, available, conflicts.Count == 0 ? available - units : available, conflicts);
    }

    private async Task<SeriesPreview> CheckSeriesAsync(OmnirapeuticDbContext db, Booking booking, SeriesRequest request, CancellationToken cancellationToken)
    {
        var available = booking.Authorization.AvailableUnits;
        var occurrences = new List<BookingPreview>();
        foreach (var (start, end) in Occurrences(booking, request))
        {
            var preview = await CheckAsync(db, booking, request.PatientId, request.PractitionerId, start, end, null, available, cancellationToken);
            occurrences.Add(preview);
            available = preview.AvailableAfter;
        }

        return new SeriesPreview(occurrences, occurrences.Where(o => o.CanBook).Sum(o => o.Units));
    }

    /// <summary>The series' sessions in UTC; each keeps its local start time across daylight-saving changes.</summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)> Occurrences(Booking booking, SeriesRequest request)
    {
        if (request.Days is not { Count: > 0 })
        {
            throw DomainException.Invalid("invalid-series", "Choose at least one day of the week.");
        }

        if (request.DurationMinutes is < 1 or > MaxSessionMinutes)
        {
            throw DomainException.Invalid("invalid-series", $"A session lasts 1 to {MaxSessionMinutes} minutes.");
        }

        if ((request.Until is null) == (request.Count is null))
        {
            throw DomainException.Invalid("invalid-series", "Give either an end date or a number of sessions.");
        }

        if (request.Count is < 1 or > MaxSeriesOccurrences || request.Until < request.FirstDate)
        {
            throw DomainException.Invalid("invalid-series", $"A series has 1 to {MaxSeriesOccurrences} sessions and ends on or after its first day.");
        }

        if (request.Days.Any(day => !Enum.IsDefined(day)))
        {
            throw DomainException.Invalid("invalid-series", "The days of the week are Sunday to Saturday (0 to 6).");
        }

        var authorization = booking.Authorization;
        if (!authorization.Covers(request.FirstDate))
        {
            throw DomainException.Invalid(
                "invalid-series",
                $"A series starts within its authorization: {authorization.AuthNumber} covers {authorization.StartDate:yyyy-MM-dd} to {authorization.EndDate:yyyy-MM-dd}, not {request.FirstDate:yyyy-MM-dd}.");
        }

        var occurrences = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var day = request.FirstDate; (request.Until is null || day <= request.Until) && occurrences.Count < (request.Count ?? int.MaxValue); day = day.AddDays(1))
        {
            if (!request.Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            if (occurrences.Count == MaxSeriesOccurrences)
            {
                throw DomainException.Invalid("invalid-series", $"A series has at most {MaxSeriesOccurrences} sessions.");
            }

            var start = ToInstant(booking.TimeZone, day.ToDateTime(request.StartTime));
            occurrences.Add((start, start.AddMinutes(request.DurationMinutes)));
        }

        if (occurrences.Count == 0)
        {
            throw DomainException.Invalid(
                "invalid-series", $"No session falls on the chosen days between {request.FirstDate:yyyy-MM-dd} and {request.Until:yyyy-MM-dd}.");
        }

        return occurrences;
    }

    /// <summary>A local wall-clock time as an instant; a time skipped by a spring-forward change moves an hour later.</summary>
    private static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>A BCBA may direct a technician's 97153 session live with 97155; no other pair of a patient's sessions may overlap.</summary>
    private static bool MayOverlap(string code, string other) =>
        (code, other) is (ServiceCode.ProtocolModification, ServiceCode.TreatmentByProtocol) or (ServiceCode.TreatmentByProtocol, ServiceCode.ProtocolModification);

    private Appointment Add(
        OmnirapeuticDbContext db, Booking booking, Actor actor, Guid patientId, Guid practitionerId, BookingPreview preview, Guid? seriesId, string? idempotencyKey)
    {
        var appointment = new Appointment(
            actor.OrganizationId, patientId, practitionerId, booking.Authorization.Id, preview.Start, preview.End, preview.Units, seriesId, time.GetUtcNow());
        db.Appointments.Add(appointment);
        booking.Authorization.Reserve(preview.Units, LocalDate(booking, preview.Start));
        ledger.Record(db, booking.Authorization, LedgerEntryKind.Reserve, preview.Units, 0, actor, "Session booked", appointment.Id, idempotencyKey);
        Audit(db, actor, "appointment.book", appointment, new { units = preview.Units, seriesId });
        return appointment;
    }

    private void Release(OmnirapeuticDbContext db, Booking booking, Actor actor, Appointment appointment, string reason, string? idempotencyKey)
    {
        booking.Authorization.Release(appointment.Units);
        ledger.Record(db, booking.Authorization, LedgerEntryKind.Release, appointment.Units, 0, actor, reason, appointment.Id, idempotencyKey);
    }

    private void Audit(OmnirapeuticDbContext db, Actor actor, string action, Appointment appointment, object details) =>
        db.AuditEvents.Add(new AuditEvent(
            actor.OrganizationId, actor.UserId, action, "appointment", appointment.Id.ToString(), JsonSerializer.Serialize(details), time.GetUtcNow()));

    private static void ThrowIfRefused(BookingPreview preview)
    {
        if (preview.Conflicts is [var first, ..])
        {
            throw DomainException.Conflict(first.Code, first.Message);
        }
    }

    private static DateTime Local(Booking booking, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, booking.TimeZone).DateTime;

    private static DateOnly LocalDate(Booking booking, DateTimeOffset instant) => DateOnly.FromDateTime(Local(booking, instant));

    /// <summary>The authorization being booked against, tracked, with its organization's scheduling settings.</summary>
    private sealed record Booking(Authorization Authorization, TimeZoneInfo TimeZone, UnitRoundingRule RoundingRule);
}
