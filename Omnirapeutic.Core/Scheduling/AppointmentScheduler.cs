using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Core.Scheduling;

/// <summary>
/// Books, moves, cancels and completes sessions. Every change is a command on the organization's lane
/// (<see cref="OrganizationLane"/>), batched with its other unit changes: a booking is checked against the state the
/// batch has reached, so it sees the bookings before it in the same batch (practitioner and patient overlap, units).
/// The exclusion constraint stands behind the practitioner-overlap check.
/// </summary>
public sealed class AppointmentScheduler(OrganizationLane lane, IDbContextFactory<OmnirapeuticDbContext> dbFactory, Caseload caseload, TimeProvider time)
{
    public const int MaxSessionMinutes = 12 * 60;
    public const int MaxSeriesOccurrences = 104;

    /// <summary>The refusal of a session that warns (outside someone's availability) when the warning was not acknowledged.</summary>
    public const string WarningsNotAcknowledged = "warnings-not-acknowledged";

    /// <summary>The refusal the domain check and the exclusion constraint share.</summary>
    internal const string PractitionerDoubleBooked = "The practitioner already has a session at that time";

    /// <summary>What booking this session would do, without saving anything.</summary>
    public async Task<BookingPreview> PreviewAsync(Actor actor, BookingRequest request, CancellationToken cancellationToken = default)
    {
        RequireTimes(request.Start, request.End);
        RequirePlace(request.PlaceOfService);
        await caseload.EnsureVisibleAsync(actor, request.PatientId, cancellationToken);
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var batch = await LaneBatch.LoadAsync(db, actor.OrganizationId, reads => DeclareBooking(reads, request), time, cancellationToken);
        return CheckBooking(batch, request);
    }

    public async Task<AppointmentView> BookAsync(Actor actor, BookingRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        RequireTimes(request.Start, request.End);
        RequirePlace(request.PlaceOfService);
        await caseload.EnsureVisibleAsync(actor, request.PatientId, cancellationToken);
        return await lane.RunAsync(new LaneCommand<AppointmentView>(actor, "book", IdempotencyKey.From(actor.UserId, idempotencyKey, $"book|{request}"), reads => DeclareBooking(reads, request), (batch, _) =>
        {
            var preview = CheckBooking(batch, request);
            ThrowIfRefused(preview, request.AcknowledgeWarnings);
            return Task.FromResult(AppointmentView.Of(Add(batch, batch.Authorization(request.AuthorizationId), request.PatientId, request.PractitionerId, preview, null)));
        }), cancellationToken);
    }

    /// <summary>Every occurrence of a weekly series with its conflicts and the balance after it; nothing is saved.</summary>
    public async Task<SeriesPreview> PreviewSeriesAsync(Actor actor, SeriesRequest request, CancellationToken cancellationToken = default)
    {
        var dates = SeriesDates(request);
        RequirePlace(request.PlaceOfService);
        await caseload.EnsureVisibleAsync(actor, request.PatientId, cancellationToken);
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var batch = await LaneBatch.LoadAsync(db, actor.OrganizationId, reads => DeclareSeries(reads, request, dates), time, cancellationToken);
        return CheckSeries(batch, batch.Authorization(request.AuthorizationId), request, dates);
    }

    /// <summary>Books every occurrence of a weekly series in one transaction, or none of them.</summary>
    public async Task<IReadOnlyList<AppointmentView>> BookSeriesAsync(Actor actor, SeriesRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var dates = SeriesDates(request);
        RequirePlace(request.PlaceOfService);
        await caseload.EnsureVisibleAsync(actor, request.PatientId, cancellationToken);
        var key = IdempotencyKey.From(actor.UserId, idempotencyKey, $"series|{request}|{string.Join(',', request.Days)}");
        return await lane.RunAsync(new LaneCommand<IReadOnlyList<AppointmentView>>(actor, "series", key, reads => DeclareSeries(reads, request, dates), (batch, _) =>
        {
            var authorization = batch.Authorization(request.AuthorizationId);
            return Task.FromResult(BookAll(batch, request.PatientId, CheckSeries(batch, authorization, request, dates), Guid.CreateVersion7(), request.AcknowledgeWarnings));
        }), cancellationToken);
    }

    /// <summary>
    /// The sessions a weekly series would add up to <paramref name="until"/>, with their conflicts; nothing is saved.
    /// Each falls on a weekday of the series at that weekday's last time, practitioner and place, on the authorization of
    /// the series' last session or the one that renewed it, whichever covers its date.
    /// </summary>
    public async Task<SeriesPreview> PreviewExtensionAsync(Actor actor, Guid seriesId, DateOnly until, CancellationToken cancellationToken = default)
    {
        var extension = await ExtensionAsync(actor, seriesId, until, cancellationToken);
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var batch = await LaneBatch.LoadAsync(db, actor.OrganizationId, extension.Declare, time, cancellationToken);
        return CheckOccurrences(batch, extension.PatientId, extension.Occurrences(batch));
    }

    /// <summary>
    /// Books the sessions of <see cref="PreviewExtensionAsync"/> in the series, in one transaction, or none of them;
    /// those outside someone's availability only with <paramref name="acknowledgeWarnings"/>.
    /// </summary>
    public async Task<IReadOnlyList<AppointmentView>> ExtendSeriesAsync(
        Actor actor, Guid seriesId, DateOnly until, bool acknowledgeWarnings = false, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var extension = await ExtensionAsync(actor, seriesId, until, cancellationToken);
        return await lane.RunAsync(
            new LaneCommand<IReadOnlyList<AppointmentView>>(
                actor,
                "extend",
                IdempotencyKey.From(actor.UserId, idempotencyKey, $"extend|{seriesId}|{until:O}|{acknowledgeWarnings}"),
                extension.Declare,
                (batch, _) => Task.FromResult(BookAll(
                    batch, extension.PatientId, CheckOccurrences(batch, extension.PatientId, extension.Occurrences(batch)), seriesId, acknowledgeWarnings))),
            cancellationToken);
    }

    /// <summary>
    /// Every session of the preview in the series, or a refusal naming the first three that cannot be booked (or,
    /// unacknowledged, the first three that warn).
    /// </summary>
    private static IReadOnlyList<AppointmentView> BookAll(LaneBatch batch, Guid patientId, SeriesPreview preview, Guid seriesId, bool acknowledgeWarnings)
    {
        var refused = preview.Occurrences.Where(o => !o.CanBook).ToList();
        if (refused.Count > 0)
        {
            var first = string.Join("; ", refused.Take(3).Select(o => $"{batch.Local(o.Start):yyyy-MM-dd HH:mm}: {o.Conflicts[0].Message}"));
            throw DomainException.Conflict(
                "series-conflicts", $"{refused.Count} of {preview.Occurrences.Count} sessions cannot be booked, so none was: {first}");
        }

        var warned = preview.Occurrences.Where(o => o.Warnings.Count > 0).ToList();
        if (warned.Count > 0 && !acknowledgeWarnings)
        {
            var first = string.Join("; ", warned.Take(3).Select(o => $"{batch.Local(o.Start):yyyy-MM-dd HH:mm}: {o.Warnings[0].Message}"));
            throw DomainException.Conflict(
                WarningsNotAcknowledged,
                $"{warned.Count} of {preview.Occurrences.Count} sessions fall outside someone's availability, so none was booked: {first}. Acknowledge the warnings to book them anyway.");
        }

        return [.. preview.Occurrences.Select(o => AppointmentView.Of(Add(batch, batch.Authorization(o.AuthorizationId), patientId, o.PractitionerId, o, seriesId)))];
    }

    /// <summary>What extending a series needs, read before it goes on the lane: its pattern per weekday and its authorizations.</summary>
    private async Task<SeriesExtension> ExtensionAsync(Actor actor, Guid seriesId, DateOnly until, CancellationToken cancellationToken)
    {
        ServiceDateRange.EnsureContains(until);
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var sessions = await db.Appointments.AsNoTracking().Where(a => a.SeriesId == seriesId).OrderBy(a => a.StartAt).ToListAsync(cancellationToken);
        if (sessions.Count == 0)
        {
            throw DomainException.NotFound("series");
        }

        var zoneId = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.TimeZoneId).SingleAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var pattern = sessions.GroupBy(a => Local(a.StartAt).DayOfWeek).ToDictionary(g => g.Key, g => g.Last());
        var lastDay = DateOnly.FromDateTime(Local(sessions[^1].StartAt));
        if (until <= lastDay)
        {
            throw DomainException.Invalid("invalid-series", $"The series already runs to {lastDay:yyyy-MM-dd}; extend it to a later date.");
        }

        var dates = new List<DateOnly>();
        for (var day = lastDay.AddDays(1); day <= until; day = day.AddDays(1))
        {
            if (pattern.ContainsKey(day.DayOfWeek))
            {
                if (dates.Count == MaxSeriesOccurrences)
                {
                    throw DomainException.Invalid("invalid-series", $"A series is extended by at most {MaxSeriesOccurrences} sessions at a time.");
                }

                dates.Add(day);
            }
        }

        if (dates.Count == 0)
        {
            throw DomainException.Invalid("invalid-series", $"No session of the series falls between {lastDay.AddDays(1):yyyy-MM-dd} and {until:yyyy-MM-dd}.");
        }

        var chain = new List<Guid> { sessions[^1].AuthorizationId };
        for (var latest = chain[0]; chain.Count < 12
            && await db.Authorizations.Where(a => a.Id == latest).Select(a => a.SuccessorId).SingleOrDefaultAsync(cancellationToken) is { } successor; latest = successor)
        {
            chain.Add(successor);
        }

        var occurrences = dates.Select(day =>
        {
            var like = pattern[day.DayOfWeek];
            var start = LocalClock.ToInstant(zone, day.ToDateTime(TimeOnly.FromDateTime(Local(like.StartAt))));
            return new SeriesExtension.Slot(like.PractitionerId, PlaceOfService.Of(like.PlaceOfService), start, start + (like.EndAt - like.StartAt));
        }).ToList();
        return new SeriesExtension(sessions[^1].PatientId, chain, occurrences);
    }

    /// <summary>
    /// What moving the session would do, without saving anything: the rule check at the new time, practitioner, place
    /// or authorization, and its units there beside the units it holds now.
    /// </summary>
    public async Task<ReschedulePreview> PreviewRescheduleAsync(Actor actor, Guid appointmentId, RescheduleRequest request, CancellationToken cancellationToken = default)
    {
        RequireTimes(request.Start, request.End);
        RequirePlace(request.PlaceOfService);
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var batch = await LaneBatch.LoadAsync(db, actor.OrganizationId, reads => DeclareReschedule(reads, appointmentId, request), time, cancellationToken);
        var appointment = batch.Appointment(appointmentId);
        var (target, preview, _) = CheckReschedule(batch, batch.Authorization(appointment.AuthorizationId), appointment, request);
        return new ReschedulePreview(AppointmentView.Of(appointment), preview, target.AvailableUnits);
    }

    /// <summary>
    /// New times, practitioner, place or authorization: every rule is checked again. On the same authorization only the
    /// difference in units moves; to another authorization of the same client and code (a successor, say) every unit
    /// is released on the old one and the session's units reserved on the new, each ledger entry naming the other.
    /// A move that moves no units (another practitioner at the same length, say) still tells every open page.
    /// </summary>
    public Task<AppointmentView> RescheduleAsync(Actor actor, Guid appointmentId, RescheduleRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        RequireTimes(request.Start, request.End);
        RequirePlace(request.PlaceOfService);
        return ChangeAsync(
            actor,
            appointmentId,
            "reschedule",
            $"reschedule|{request}",
            idempotencyKey,
            reads => DeclareReschedule(reads, appointmentId, request),
            (batch, authorization, appointment) =>
            {
                var (target, preview, place) = CheckReschedule(batch, authorization, appointment, request);
                ThrowIfRefused(preview, request.AcknowledgeWarnings);
                var moving = target.Id != authorization.Id;
                var from = new
                {
                    start = appointment.StartAt, end = appointment.EndAt, practitionerId = appointment.PractitionerId, units = appointment.Units,
                    placeOfService = appointment.PlaceOfService, modifiers = appointment.Modifiers, authorizationId = appointment.AuthorizationId,
                };

                // The modifiers describe who renders it where for whom: the same practitioner at the same place on the same
                // authorization keeps those it was booked with.
                IReadOnlyList<string> modifiers = !moving && preview.PractitionerId == appointment.PractitionerId && place.Code == appointment.PlaceOfService
                    ? [.. appointment.Modifiers]
                    : preview.Modifiers;
                var (oldDate, newDate) = (batch.LocalDate(appointment.StartAt), batch.LocalDate(request.Start));
                if (moving)
                {
                    batch.Release(authorization, appointment.Units, oldDate, $"Session moved to {target.AuthNumber}", appointment.Id);
                    batch.Reserve(target, preview.Units, newDate, $"Session moved from {authorization.AuthNumber}", appointment.Id);
                }
                else if (newDate != oldDate)
                {
                    // Another day counts on other periods: every unit leaves the old date and the session's units arrive on the new one.
                    batch.Release(authorization, appointment.Units, oldDate, "Session rescheduled", appointment.Id);
                    batch.Reserve(authorization, preview.Units, newDate, "Session rescheduled", appointment.Id);
                }
                else if (preview.Units > appointment.Units)
                {
                    batch.Reserve(authorization, preview.Units - appointment.Units, newDate, "Session rescheduled", appointment.Id);
                }
                else if (preview.Units < appointment.Units)
                {
                    batch.Release(authorization, appointment.Units - preview.Units, oldDate, "Session rescheduled", appointment.Id);
                }
                else
                {
                    batch.SessionsChanged(authorization);
                }

                batch.Changing();
                appointment.Reschedule(preview.PractitionerId, target.Id, preview.Start, preview.End, preview.Units, place, modifiers, batch.Now);
                batch.Audit(
                    "appointment.reschedule",
                    "appointment",
                    appointment.Id,
                    new { from, units = appointment.Units, practitionerId = preview.PractitionerId, placeOfService = place.Code, modifiers, authorizationId = target.Id });
            },
            cancellationToken);
    }

    private static void DeclareReschedule(LaneReads reads, Guid appointmentId, RescheduleRequest request)
    {
        reads.SessionsAround(appointmentId, request.PractitionerId, request.Start, request.End);
        if (request.AuthorizationId is { } target)
        {
            reads.Periods(target, reads.LocalDate(request.Start));
        }
    }

    /// <summary>
    /// The session checked at its new time, practitioner, place and authorization, as if its own units were already
    /// off the authorization it stays on (they are not counted twice); a scheduled session only.
    /// </summary>
    private static (Authorization Target, BookingPreview Preview, PlaceOfService Place) CheckReschedule(
        LaneBatch batch, Authorization authorization, Appointment appointment, RescheduleRequest request)
    {
        appointment.RequireScheduled("be rescheduled");
        var target = request.AuthorizationId is { } targetId ? batch.Authorization(targetId) : authorization;
        var moving = target.Id != authorization.Id;
        if (moving && (target.PatientId != appointment.PatientId || target.ServiceCode != authorization.ServiceCode))
        {
            throw DomainException.Invalid(
                "authorization-mismatch", $"A session moves only to another authorization of the same client and code ({authorization.ServiceCode}); {target.AuthNumber} is not one.");
        }

        var ownUnits = new Dictionary<(PeriodKind, DateOnly), int>();
        if (!moving)
        {
            batch.Tally(ownUnits, authorization, batch.LocalDate(appointment.StartAt), -appointment.Units);
        }

        var place = PlaceOfService.Of(request.PlaceOfService ?? appointment.PlaceOfService);
        var available = moving ? target.AvailableUnits : authorization.AvailableUnits + appointment.Units;
        var practitionerId = request.PractitionerId ?? appointment.PractitionerId;
        var preview = Check(batch, target, appointment.PatientId, practitionerId, request.Start, request.End, place, appointment.Id, available, appointment.RoundingRule, ownUnits);

        // Availability concerns who and when: a move that keeps both (to another authorization or place) warns of nothing.
        var keepsItsTime = practitionerId == appointment.PractitionerId && request.Start == appointment.StartAt && request.End == appointment.EndAt;
        return (target, keepsItsTime ? preview with { Warnings = [] } : preview, place);
    }

    public Task<AppointmentView> CancelAsync(Actor actor, Guid appointmentId, string reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var why = UnitLedger.RequireReason(reason);
        return ChangeAsync(actor, appointmentId, "cancel", $"cancel|{why}", idempotencyKey, _ => { }, (batch, authorization, appointment) =>
        {
            appointment.RequireScheduled("be cancelled");
            batch.Release(authorization, appointment.Units, batch.LocalDate(appointment.StartAt), "Session cancelled", appointment.Id);
            appointment.Cancel(why, batch.Now);
            batch.Audit("appointment.cancel", "appointment", appointment.Id, new { units = appointment.Units, reason = why });
        }, cancellationToken);
    }

    public Task<AppointmentView> MarkNoShowAsync(Actor actor, Guid appointmentId, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, appointmentId, "no-show", "no-show", idempotencyKey, _ => { }, (batch, authorization, appointment) =>
        {
            appointment.RequireScheduled("be marked a no-show");
            batch.Release(authorization, appointment.Units, batch.LocalDate(appointment.StartAt), "Patient did not show", appointment.Id);
            appointment.MarkNoShow(batch.Now);
            batch.Audit("appointment.no-show", "appointment", appointment.Id, new { units = appointment.Units });
        }, cancellationToken);

    /// <summary>
    /// Consumes the units the actual times bill and releases the rest; a session that ran longer takes the
    /// extra units when the authorization has them, otherwise completing it is refused with the numbers.
    /// </summary>
    public Task<AppointmentView> CompleteAsync(
        Actor actor, Guid appointmentId, DateTimeOffset actualStart, DateTimeOffset actualEnd, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, appointmentId, "complete", $"complete|{actualStart:O}|{actualEnd:O}", idempotencyKey, _ => { }, (batch, authorization, appointment) =>
        {
            appointment.RequireScheduled("be completed");
            if (actualEnd <= actualStart || (actualEnd - actualStart).TotalMinutes > MaxSessionMinutes)
            {
                throw DomainException.Invalid("invalid-times", $"A session ends after it starts and lasts at most {MaxSessionMinutes / 60} hours.");
            }

            if (actualEnd > batch.Now)
            {
                throw DomainException.Invalid("session-not-over", "A session can be completed only once it has ended.");
            }

            RequirePlausible(batch, authorization, appointment, actualStart, actualEnd);

            var actual = UnitCalculator.Units(actualStart, actualEnd, appointment.RoundingRule);
            var extra = actual - appointment.Units;
            var serviceDate = batch.LocalDate(actualStart);
            if (extra > authorization.AvailableUnits)
            {
                throw DomainException.Conflict(
                    "insufficient-units",
                    $"The session ran to {actual} units, {extra} more than the {appointment.Units} reserved, but authorization {authorization.AuthNumber} has only {authorization.AvailableUnits} available.");
            }

            if (extra > 0)
            {
                batch.Reserve(authorization, extra, serviceDate, "Session ran longer", appointment.Id);
            }
            else if (extra < 0)
            {
                batch.Release(authorization, -extra, serviceDate, "Session ran shorter", appointment.Id);
            }

            if (actual > 0)
            {
                batch.Consume(authorization, actual, serviceDate, "Session completed", appointment.Id);
            }

            batch.Changing();
            appointment.Complete(actualStart, actualEnd, actual, batch.Now);
            batch.Audit("appointment.complete", "appointment", appointment.Id, new { reserved = appointment.Units, consumed = actual });
        }, cancellationToken);

    /// <summary>
    /// Actual times bill units, so they must describe this session: on its scheduled local day and inside the
    /// authorization's dates. A session that really moved to another day is rescheduled first.
    /// </summary>
    private static void RequirePlausible(LaneBatch batch, Authorization authorization, Appointment appointment, DateTimeOffset actualStart, DateTimeOffset actualEnd)
    {
        var scheduledDay = batch.LocalDate(appointment.StartAt);
        var firstDay = batch.LocalDate(actualStart);
        var lastDay = batch.LocalDate(actualEnd.AddTicks(-1));
        if (firstDay != scheduledDay || lastDay != scheduledDay)
        {
            throw DomainException.Invalid(
                "implausible-actual-times",
                $"The actual times must fall on the session's day, {scheduledDay:yyyy-MM-dd} (local time); reschedule a session that moved to another day.");
        }

        if (!authorization.Covers(firstDay))
        {
            throw DomainException.Invalid(
                "implausible-actual-times",
                $"Authorization {authorization.AuthNumber} covers {authorization.StartDate:yyyy-MM-dd} to {authorization.EndDate:yyyy-MM-dd}; the actual times are on {firstDay:yyyy-MM-dd}.");
        }
    }

    /// <summary>A change to one session: it and its authorization are in the batch (and whatever <paramref name="declare"/> adds).</summary>
    private Task<AppointmentView> ChangeAsync(
        Actor actor,
        Guid appointmentId,
        string kind,
        string request,
        string? idempotencyKey,
        Action<LaneReads> declare,
        Action<LaneBatch, Authorization, Appointment> change,
        CancellationToken cancellationToken) =>
        lane.RunAsync(
            new LaneCommand<AppointmentView>(
                actor,
                kind,
                IdempotencyKey.From(actor.UserId, idempotencyKey, $"{appointmentId}|{request}"),
                reads =>
                {
                    reads.Appointments.Add(appointmentId);
                    declare(reads);
                },
                (batch, _) =>
                {
                    var appointment = batch.Appointment(appointmentId);
                    change(batch, batch.Authorization(appointment.AuthorizationId), appointment);
                    return Task.FromResult(AppointmentView.Of(appointment));
                }),
            cancellationToken);

    private static void DeclareBooking(LaneReads reads, BookingRequest request)
    {
        reads.Periods(request.AuthorizationId, reads.LocalDate(request.Start));
        reads.Sessions(request.PractitionerId, request.PatientId, request.Start, request.End);
        if (request.PlaceOfService is null)
        {
            reads.UsualPlaces.Add(request.PatientId);
        }
    }

    private static void DeclareSeries(LaneReads reads, SeriesRequest request, List<DateOnly> dates)
    {
        reads.Authorizations.Add(request.AuthorizationId);
        if (request.PlaceOfService is null)
        {
            reads.UsualPlaces.Add(request.PatientId);
        }

        foreach (var (start, end) in Instants(reads.TimeZone, request, dates))
        {
            reads.Periods(request.AuthorizationId, reads.LocalDate(start));
            reads.Sessions(request.PractitionerId, request.PatientId, start, end);
        }
    }

    private static void RequireTimes(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start || (end - start).TotalMinutes > MaxSessionMinutes)
        {
            throw DomainException.Invalid("invalid-times", $"A session ends after it starts and lasts at most {MaxSessionMinutes / 60} hours.");
        }
    }

    /// <summary>A place of service the request names must be one there is, before anything is read.</summary>
    private static void RequirePlace(string? code)
    {
        if (code is not null)
        {
            PlaceOfService.Of(code);
        }
    }

    private static BookingPreview CheckBooking(LaneBatch batch, BookingRequest request)
    {
        var authorization = batch.Authorization(request.AuthorizationId);
        return Check(
            batch,
            authorization,
            request.PatientId,
            request.PractitionerId,
            request.Start,
            request.End,
            batch.PlaceFor(request.PatientId, request.PlaceOfService),
            null,
            authorization.AvailableUnits,
            batch.PayerOf(authorization).RoundingRule,
            null);
    }

    internal static BookingPreview Check(
        LaneBatch batch,
        Authorization authorization,
        Guid patientId,
        Guid practitionerId,
        DateTimeOffset start,
        DateTimeOffset end,
        PlaceOfService place,
        Guid? excluding,
        int available,
        UnitRoundingRule rule,
        IReadOnlyDictionary<(PeriodKind, DateOnly), int>? pending)
    {
        (start, end) = (start.ToUniversalTime(), end.ToUniversalTime());
        if (authorization.PatientId != patientId)
        {
            throw DomainException.Invalid("authorization-patient-mismatch", $"Authorization {authorization.AuthNumber} belongs to another patient.");
        }

        var units = UnitCalculator.Units(start, end, rule);
        if (units == 0)
        {
            throw DomainException.Invalid("session-too-short", $"A session of {(int)(end - start).TotalMinutes} minutes bills no units under the {rule} rule.");
        }

        var practitioner = batch.Practitioner(practitionerId) ?? throw DomainException.NotFound("practitioner");
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

        if (practitioner.CredentialExpiresOn is { } expiresOn && batch.LocalDate(start) > expiresOn)
        {
            Refuse(
                "credential-expired",
                $"{practitioner.Name}'s {practitioner.Credential} certification expires on {expiresOn:yyyy-MM-dd}; a session on {batch.LocalDate(start):yyyy-MM-dd} is after it.");
        }

        var payer = batch.PayerOf(authorization);
        if (place.IsTelehealth && !payer.AllowsTelehealth)
        {
            Refuse("telehealth-not-covered", $"{payer.Name} does not pay for telehealth ({place}); book the session at the office, at home or at school.");
        }

        if (authorization.Status == AuthorizationStatus.Voided)
        {
            Refuse("authorization-voided", $"Authorization {authorization.AuthNumber} is voided.");
        }

        if (authorization.Status == AuthorizationStatus.Denied)
        {
            Refuse("authorization-denied", $"The payer denied authorization {authorization.AuthNumber}.");
        }

        if (batch.NotYetApproved(authorization) is { } unapproved)
        {
            Refuse(unapproved.Code, unapproved.Message);
        }

        var firstDay = batch.LocalDate(start);
        var lastDay = batch.LocalDate(end.AddTicks(-1));
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

        var periods = batch.LimitUses(authorization, firstDay, units, pending);
        if (periods.FirstOrDefault(p => p.Exceeded) is { } exceeded)
        {
            var refusal = LaneBatch.LimitExceeded(exceeded, units, "this session");
            Refuse(refusal.Code, refusal.Message);
        }

        var overlapping = batch.ActiveSessions(start, end, excluding).ToList();
        if (overlapping.Find(a => a.PractitionerId == practitionerId) is { } practitionerClash)
        {
            Refuse(
                "practitioner-double-booked",
                $"{PractitionerDoubleBooked} ({batch.Local(practitionerClash.StartAt):HH:mm} to {batch.Local(practitionerClash.EndAt):HH:mm}).");
        }

        if (batch.SupervisionDuring(practitionerId, start, end) is { } supervision)
        {
            Refuse(
                "practitioner-double-booked",
                $"{PractitionerDoubleBooked}: supervision from {batch.Local(supervision.StartAt):HH:mm} to {batch.Local(supervision.EndAt):HH:mm}.");
        }

        var patientClash = overlapping.Find(a => a.PatientId == patientId && !MayOverlap(batch, authorization, batch.Authorization(a.AuthorizationId)));
        if (patientClash is not null)
        {
            Refuse(
                "patient-double-booked",
                $"The patient already has a {batch.Authorization(patientClash.AuthorizationId).ServiceCode} session from {batch.Local(patientClash.StartAt):HH:mm} to {batch.Local(patientClash.EndAt):HH:mm} that day.");
        }

        return new BookingPreview(
            start, end, authorization.Id, practitionerId, units, place.Code, payer.ModifiersFor(practitioner.Credential, place), available,
            conflicts.Count == 0 ? available - units : available, periods, conflicts, AvailabilityWarnings(batch, practitioner, patientId, start, end));
    }

    /// <summary>
    /// Where the session falls outside the practitioner's working hours or time off, or the client's availability:
    /// warnings, not refusals (a clinic books an evening session on purpose). Nobody who has defined nothing warns.
    /// </summary>
    private static List<SchedulingConflict> AvailabilityWarnings(LaneBatch batch, PractitionerOnDuty practitioner, Guid patientId, DateTimeOffset start, DateTimeOffset end)
    {
        var warnings = new List<SchedulingConflict>();
        var hours = batch.PractitionerAvailability(practitioner.Id);
        if (hours.TimeOffDuring(start, end) is { } off)
        {
            warnings.Add(new SchedulingConflict(
                "practitioner-time-off", $"{practitioner.Name} is off from {batch.Local(off.Start):yyyy-MM-dd HH:mm} to {batch.Local(off.End):yyyy-MM-dd HH:mm}."));
        }
        else if (hours.HasWeekly && !hours.Covers(start, end, batch.TimeZone))
        {
            warnings.Add(new SchedulingConflict(
                "outside-working-hours", $"This is outside {practitioner.Name}'s working hours ({Describe(hours, batch.LocalDate(start), batch.TimeZone)})."));
        }

        var client = batch.ClientAvailability(patientId);
        if (client.HasWeekly && !client.Covers(start, end, batch.TimeZone))
        {
            warnings.Add(new SchedulingConflict(
                "outside-client-availability", $"This is outside the client's availability ({Describe(client, batch.LocalDate(start), batch.TimeZone)})."));
        }

        return warnings;
    }

    /// <summary>A day's windows in words: "Monday 09:00–12:00, 13:00–17:00", or "none on Saturday".</summary>
    private static string Describe(AvailabilityPlan plan, DateOnly day, TimeZoneInfo zone) =>
        plan.On(day, zone) is { Count: > 0 } windows ? $"{day.DayOfWeek} {string.Join(", ", windows.Select(w => $"{w.From}–{w.To}"))}" : $"none on {day.DayOfWeek}";

    private static SeriesPreview CheckSeries(LaneBatch batch, Authorization authorization, SeriesRequest request, List<DateOnly> dates)
    {
        if (!authorization.Covers(request.FirstDate))
        {
            throw DomainException.Invalid(
                "invalid-series",
                $"A series starts within its authorization: {authorization.AuthNumber} covers {authorization.StartDate:yyyy-MM-dd} to {authorization.EndDate:yyyy-MM-dd}, not {request.FirstDate:yyyy-MM-dd}.");
        }

        var place = batch.PlaceFor(request.PatientId, request.PlaceOfService);
        return CheckOccurrences(
            batch, request.PatientId, Instants(batch.TimeZone, request, dates).Select(i => new Occurrence(authorization, request.PractitionerId, place, i.Start, i.End)));
    }

    /// <summary>
    /// Each session of a series checked against the state the sessions before it would leave: the units and the periods
    /// of the authorization each counts on.
    /// </summary>
    private static SeriesPreview CheckOccurrences(LaneBatch batch, Guid patientId, IEnumerable<Occurrence> occurrences)
    {
        var available = new Dictionary<Guid, int>();
        var earlier = new Dictionary<Guid, Dictionary<(PeriodKind, DateOnly), int>>();
        var previews = new List<BookingPreview>();
        foreach (var (authorization, practitionerId, place, start, end) in occurrences)
        {
            var pending = earlier.TryGetValue(authorization.Id, out var tally) ? tally : earlier[authorization.Id] = [];
            var preview = Check(
                batch, authorization, patientId, practitionerId, start, end, place, null,
                available.GetValueOrDefault(authorization.Id, authorization.AvailableUnits), batch.PayerOf(authorization).RoundingRule, pending);
            previews.Add(preview);
            available[authorization.Id] = preview.AvailableAfter;
            if (preview.CanBook)
            {
                batch.Tally(pending, authorization, batch.LocalDate(start), preview.Units);
            }
        }

        return new SeriesPreview(previews, previews.Where(o => o.CanBook).Sum(o => o.Units));
    }

    /// <summary>The local dates of the series' sessions; every rule that needs no time zone or authorization is checked here.</summary>
    private static List<DateOnly> SeriesDates(SeriesRequest request)
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

        ServiceDateRange.EnsureContains(request.FirstDate);
        if (request.Until is { } until)
        {
            ServiceDateRange.EnsureContains(until);
        }

        var dates = new List<DateOnly>();
        for (var day = request.FirstDate; (request.Until is null || day <= request.Until) && dates.Count < (request.Count ?? int.MaxValue); day = day.AddDays(1))
        {
            if (!request.Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            if (dates.Count == MaxSeriesOccurrences)
            {
                throw DomainException.Invalid("invalid-series", $"A series has at most {MaxSeriesOccurrences} sessions.");
            }

            dates.Add(day);
        }

        if (dates.Count == 0)
        {
            throw DomainException.Invalid(
                "invalid-series", $"No session falls on the chosen days between {request.FirstDate:yyyy-MM-dd} and {request.Until:yyyy-MM-dd}.");
        }

        return dates;
    }

    /// <summary>The series' sessions in UTC; each keeps its local start time across daylight-saving changes.</summary>
    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Instants(TimeZoneInfo zone, SeriesRequest request, List<DateOnly> dates) =>
        dates.Select(day =>
        {
            var start = LocalClock.ToInstant(zone, day.ToDateTime(request.StartTime));
            return (start, start.AddMinutes(request.DurationMinutes));
        });

    /// <summary>
    /// Two sessions of one patient may overlap only when the payers of both authorizations pay that pair of codes at
    /// once (commercial plans: a BCBA's 97155 directing the technician's 97153 live; TRICARE: no pair).
    /// </summary>
    private static bool MayOverlap(LaneBatch batch, Authorization authorization, Authorization other) =>
        batch.PayerOf(authorization).AllowsOverlap(authorization.ServiceCode, other.ServiceCode)
        && batch.PayerOf(other).AllowsOverlap(authorization.ServiceCode, other.ServiceCode);

    private static Appointment Add(LaneBatch batch, Authorization authorization, Guid patientId, Guid practitionerId, BookingPreview preview, Guid? seriesId)
    {
        var appointment = new Appointment(
            batch.OrganizationId,
            patientId,
            practitionerId,
            authorization.Id,
            preview.Start,
            preview.End,
            preview.Units,
            batch.PayerOf(authorization).RoundingRule,
            PlaceOfService.Of(preview.PlaceOfService),
            preview.Modifiers,
            seriesId,
            batch.Now);
        batch.Book(appointment, "Session booked");
        batch.Audit("appointment.book", "appointment", appointment.Id, new { units = preview.Units, seriesId, placeOfService = preview.PlaceOfService, modifiers = preview.Modifiers });
        return appointment;
    }

    /// <summary>A session of a series to check: the authorization it counts on, who delivers it where, and when.</summary>
    private readonly record struct Occurrence(Authorization Authorization, Guid PractitionerId, PlaceOfService Place, DateTimeOffset Start, DateTimeOffset End);

    /// <summary>The sessions that extend a series, and the authorizations they may count on: its last one and those that renewed it.</summary>
    private sealed record SeriesExtension(Guid PatientId, IReadOnlyList<Guid> Authorizations, IReadOnlyList<SeriesExtension.Slot> Slots)
    {
        public void Declare(LaneReads reads)
        {
            foreach (var id in Authorizations)
            {
                reads.Authorizations.Add(id);
            }

            foreach (var slot in Slots)
            {
                // Which authorization covers a date is known only once they are loaded; the periods of each are small reads.
                foreach (var id in Authorizations)
                {
                    reads.Periods(id, reads.LocalDate(slot.Start));
                }

                reads.Sessions(slot.PractitionerId, PatientId, slot.Start, slot.End);
            }
        }

        /// <summary>Each slot on the authorization that covers its date, else the last one, which refuses it as outside its dates.</summary>
        public IEnumerable<Occurrence> Occurrences(LaneBatch batch) =>
            Slots.Select(slot =>
            {
                var day = batch.LocalDate(slot.Start);
                var authorization = Authorizations.Select(batch.Authorization).FirstOrDefault(a => a.Covers(day)) ?? batch.Authorization(Authorizations[^1]);
                return new Occurrence(authorization, slot.PractitionerId, slot.Place, slot.Start, slot.End);
            });

        public readonly record struct Slot(Guid PractitionerId, PlaceOfService Place, DateTimeOffset Start, DateTimeOffset End);
    }

    private static void ThrowIfRefused(BookingPreview preview, bool acknowledgeWarnings)
    {
        if (preview.Conflicts is [var first, ..])
        {
            throw DomainException.Conflict(first.Code, first.Message);
        }

        if (preview.Warnings.Count > 0 && !acknowledgeWarnings)
        {
            throw DomainException.Conflict(
                WarningsNotAcknowledged, $"{string.Join(" ", preview.Warnings.Select(w => w.Message))} Acknowledge the warning to book it anyway.");
        }
    }
}
