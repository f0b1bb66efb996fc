using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Payers;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Lane;

/// <summary>
/// The state one batch of an organization's changes works on, inside the batch's transaction: every authorization,
/// session and practitioner its changes declared, loaded once and tracked, and every session that could clash with
/// them. Each change sees what the changes before it in the batch did (a booking sees the bookings before it).
/// The moves here are the only callers of <see cref="Authorization"/>'s unit methods, and each writes its ledger
/// entry, its audit event and the balance to announce.
/// </summary>
internal sealed class LaneBatch
{
    /// <summary>No session lasts longer (a CHECK constraint too), which bounds how far back a clash can start.</summary>
    public static readonly TimeSpan LongestSession = TimeSpan.FromMinutes(AppointmentScheduler.MaxSessionMinutes);

    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, Payer> _payers;
    private readonly Dictionary<Guid, Authorization> _authorizations;
    private readonly Dictionary<Guid, Appointment> _appointments;
    private readonly Dictionary<Guid, PractitionerOnDuty> _practitioners;
    private readonly Dictionary<Guid, string> _usualPlaces;
    private readonly Dictionary<(Guid AuthorizationId, PeriodKind Kind, DateOnly StartsOn), UnitPeriod> _periods;
    private readonly AvailabilityPlans _availability;
    private IReadOnlyList<SupervisionMeeting> _supervision = [];
    private LaneCommand? _current;

    private LaneBatch(
        OmnirapeuticDbContext db,
        Guid organizationId,
        TimeZoneInfo timeZone,
        TimeProvider time,
        Dictionary<Guid, Payer> payers,
        Dictionary<Guid, Authorization> authorizations,
        Dictionary<Guid, Appointment> appointments,
        Dictionary<Guid, PractitionerOnDuty> practitioners,
        Dictionary<Guid, string> usualPlaces,
        Dictionary<(Guid, PeriodKind, DateOnly), UnitPeriod> periods,
        AvailabilityPlans availability,
        DateOnly today)
    {
        Db = db;
        OrganizationId = organizationId;
        TimeZone = timeZone;
        Today = today;
        _time = time;
        _payers = payers;
        _authorizations = authorizations;
        _appointments = appointments;
        _practitioners = practitioners;
        _usualPlaces = usualPlaces;
        _periods = periods;
        _availability = availability;
    }

    public OmnirapeuticDbContext Db { get; }

    public Guid OrganizationId { get; }

    public TimeZoneInfo TimeZone { get; }

    public DateOnly Today { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The organization's setting: units may be scheduled on an authorization still requested from the payer.</summary>
    public bool AllowsSchedulingOnRequested { get; private init; }

    /// <summary>
    /// Whether the change being applied has moved anything yet. Every rule is checked before anything moves (each
    /// entity method checks before it changes a field), so a refusal after that is a bug, not an answer.
    /// </summary>
    public bool CurrentHasChanged { get; private set; }

    /// <summary>
    /// Loads what the changes declare in a fixed number of queries, whatever the batch's size: the organization's
    /// time zone and payers, the sessions named, every session that could clash with a declared window, the authorizations
    /// of all of them, the practitioners, the usual place of the patients whose bookings name none, and the day, week and
    /// month rows of the declared dates. Also serves previews, on a context with no transaction.
    /// </summary>
    public static async Task<LaneBatch> LoadAsync(
        OmnirapeuticDbContext db, Guid organizationId, Action<LaneReads> declare, TimeProvider time, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.Where(o => o.Id == organizationId)
            .Select(o => new { o.TimeZoneId, o.AllowSchedulingOnRequested })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
        var today = time.Today(organization.TimeZoneId);
        var reads = new LaneReads(TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZoneId), today);
        declare(reads);

        var appointments = new Dictionary<Guid, Appointment>();
        if (reads.Appointments.Count > 0)
        {
            var ids = reads.Appointments.ToList();
            foreach (var appointment in await db.Appointments.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken))
            {
                appointments[appointment.Id] = appointment;
                reads.Periods(appointment.AuthorizationId, reads.LocalDate(appointment.StartAt));
            }
        }

        var practitionerIds = new HashSet<Guid>(reads.Practitioners);
        var windows = new List<LaneReads.SessionWindow>(reads.Windows);
        foreach (var moved in reads.MovedWindows)
        {
            if (appointments.TryGetValue(moved.AppointmentId, out var appointment))
            {
                var practitionerId = moved.PractitionerId ?? appointment.PractitionerId;
                practitionerIds.Add(practitionerId);
                windows.Add(new LaneReads.SessionWindow(practitionerId, appointment.PatientId, moved.Start, moved.End));
                reads.Periods(appointment.AuthorizationId, reads.LocalDate(moved.Start));
            }
        }

        foreach (var clash in await ClashCandidatesAsync(db, organizationId, windows, cancellationToken))
        {
            appointments.TryAdd(clash.Id, clash);
        }

        var authorizationIds = new HashSet<Guid>(reads.Authorizations);
        authorizationIds.UnionWith(appointments.Values.Select(a => a.AuthorizationId));
        var authorizations = authorizationIds.Count == 0
            ? []
            : await db.Authorizations.Where(a => authorizationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);

        // An organization has a handful of payers; reading them all costs one short query and no plan to get wrong.
        var payers = await db.Payers.ToDictionaryAsync(p => p.Id, cancellationToken);

        var practitioners = practitionerIds.Count == 0
            ? []
            : await db.Practitioners.AsNoTracking()
                .Where(p => practitionerIds.Contains(p.Id))
                .Select(p => new PractitionerOnDuty(p.Id, p.FirstName + " " + p.LastName, p.Credential, p.IsActive, p.CredentialExpiresOn))
                .ToDictionaryAsync(p => p.Id, cancellationToken);

        var patientIds = reads.UsualPlaces.ToList();
        var usualPlaces = patientIds.Count == 0
            ? []
            : await db.Patients
                .Where(p => patientIds.Contains(p.Id))
                .Select(p => new { p.Id, p.UsualPlaceOfService })
                .ToDictionaryAsync(p => p.Id, p => p.UsualPlaceOfService, cancellationToken);

        var periods = await PeriodsAsync(db, reads, authorizations, payers, cancellationToken);
        var availability = windows.Count == 0
            ? AvailabilityPlans.None
            : await AvailabilityDirectory.LoadAsync(
                db, practitionerIds, [.. windows.Select(w => w.PatientId).Distinct()], windows.Min(w => w.Start), windows.Max(w => w.End), cancellationToken);
        return new LaneBatch(db, organizationId, reads.TimeZone, time, payers, authorizations, appointments, practitioners, usualPlaces, periods, availability, today)
        {
            AllowsSchedulingOnRequested = organization.AllowSchedulingOnRequested,
            _supervision = await SupervisionAroundAsync(db, practitionerIds, windows, cancellationToken),
        };
    }

    /// <summary>
    /// The supervision meetings the windows' practitioners are busy in (as supervisor, or as an RBT in a meeting) that
    /// overlap the windows' span: few rows, in one query. Meetings change in transactions of their own, never in a batch.
    /// </summary>
    private static async Task<IReadOnlyList<SupervisionMeeting>> SupervisionAroundAsync(
        OmnirapeuticDbContext db, HashSet<Guid> practitionerIds, List<LaneReads.SessionWindow> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
        {
            return [];
        }

        var (from, to) = (windows.Min(w => w.Start), windows.Max(w => w.End));
        var ids = practitionerIds.ToList();
        return await db.SupervisionMeetings.AsNoTracking()
            .Where(m => m.Status != SupervisionMeetingStatus.Cancelled && m.StartAt < to && m.EndAt > from
                && (ids.Contains(m.SupervisorId) || (m.Kind == SupervisionKind.Meeting && m.AttendeeIds.Any(a => ids.Contains(a)))))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The period rows of the declared dates, in at most two queries: each authorization's rows from the first period
    /// start any of them needs to the last (a few rows more than needed, in one short range of the key), and every row of
    /// the authorizations whose limits change.
    /// </summary>
    private static async Task<Dictionary<(Guid, PeriodKind, DateOnly), UnitPeriod>> PeriodsAsync(
        OmnirapeuticDbContext db,
        LaneReads reads,
        Dictionary<Guid, Authorization> authorizations,
        Dictionary<Guid, Payer> payers,
        CancellationToken cancellationToken)
    {
        var rows = new List<UnitPeriod>();
        var whole = reads.AllPeriods.Where(authorizations.ContainsKey).ToList();
        if (whole.Count > 0)
        {
            rows.AddRange(await db.UnitPeriods.Where(p => whole.Contains(p.AuthorizationId)).ToListAsync(cancellationToken));
        }

        var dated = reads.Dates.Where(d => authorizations.ContainsKey(d.AuthorizationId) && !reads.AllPeriods.Contains(d.AuthorizationId)).ToList();
        if (dated.Count > 0)
        {
            var starts = dated.SelectMany(d => Enum.GetValues<PeriodKind>()
                .Select(kind => UnitPeriod.Start(kind, d.Date, payers[authorizations[d.AuthorizationId].PayerId].WeekStartsOn))).ToList();
            var (from, to) = (starts.Min(), starts.Max());
            var ids = dated.Select(d => d.AuthorizationId).Distinct().ToList();
            rows.AddRange(await db.UnitPeriods
                .Where(p => ids.Contains(p.AuthorizationId) && p.StartsOn >= from && p.StartsOn <= to)
                .ToListAsync(cancellationToken));
        }

        return rows.ToDictionary(p => (p.AuthorizationId, p.Kind, p.StartsOn));
    }

    /// <summary>
    /// The sessions of the windows' practitioners and patients that overlap them, in one query whatever the number of
    /// windows (which of them are active is decided in memory). A session lasts at most <see cref="LongestSession"/>,
    /// so each lookup is a short range of the (organization, practitioner or patient, start) indexes and SSI's
    /// predicate locks stay that narrow. The plan must not depend on statistics: on a new database the planner believes
    /// `appointments` empty and would read a whole organization's sessions through any index that starts with the
    /// organization (measured: 1,008 rows read for 1 found, and the whole table predicate-locked). `OFFSET 0` keeps each
    /// lookup a subquery planned per window, and leaving the status out keeps the partial exclusion index from
    /// looking cheaper than the index that fits.
    /// </summary>
    private static async Task<List<Appointment>> ClashCandidatesAsync(
        OmnirapeuticDbContext db, Guid organizationId, List<LaneReads.SessionWindow> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
        {
            return [];
        }

        var practitioners = windows.Select(w => w.PractitionerId).ToArray();
        var patients = windows.Select(w => w.PatientId).ToArray();
        var starts = windows.Select(w => w.Start).ToArray();
        var ends = windows.Select(w => w.End).ToArray();
        var longest = LongestSession;
        return await db.Appointments.FromSql($"""
            SELECT a.* FROM unnest({practitioners}, {starts}, {ends}) AS w(person, start_at, end_at)
            CROSS JOIN LATERAL (
                SELECT * FROM appointments x
                WHERE x.organization_id = {organizationId} AND x.practitioner_id = w.person
                  AND x.start_at > w.start_at - {longest} AND x.start_at < w.end_at AND x.end_at > w.start_at
                OFFSET 0) a
            UNION
            SELECT a.* FROM unnest({patients}, {starts}, {ends}) AS w(person, start_at, end_at)
            CROSS JOIN LATERAL (
                SELECT * FROM appointments x
                WHERE x.organization_id = {organizationId} AND x.patient_id = w.person
                  AND x.start_at > w.start_at - {longest} AND x.start_at < w.end_at AND x.end_at > w.start_at
                OFFSET 0) a
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Starts the next change of the batch: what it moves is recorded as its actor's, with its key.</summary>
    public void Begin(LaneCommand command)
    {
        _current = command;
        CurrentHasChanged = false;
    }

    public Authorization Authorization(Guid id) =>
        _authorizations.GetValueOrDefault(id) ?? throw DomainException.NotFound("authorization");

    /// <summary>The payer of an authorization the batch holds.</summary>
    public Payer PayerOf(Authorization authorization) => _payers[authorization.PayerId];

    /// <summary>A payer of the organization, for an authorization about to be opened.</summary>
    public Payer? Payer(Guid? id) => id is { } payerId ? _payers.GetValueOrDefault(payerId) : _payers.Values.SingleOrDefault(p => p.IsDefault);

    public Appointment Appointment(Guid id) =>
        _appointments.GetValueOrDefault(id) ?? throw DomainException.NotFound("appointment");

    public PractitionerOnDuty? Practitioner(Guid id) => _practitioners.GetValueOrDefault(id);

    /// <summary>The working hours and time off of a practitioner a change declared (around its windows).</summary>
    public AvailabilityPlan PractitionerAvailability(Guid id) => _availability.Practitioner(id);

    /// <summary>When a client whose session a change declared can be seen.</summary>
    public AvailabilityPlan ClientAvailability(Guid patientId) => _availability.Client(patientId);

    /// <summary>The place a session is delivered: the one named, else the patient's usual place.</summary>
    public PlaceOfService PlaceFor(Guid patientId, string? named) =>
        PlaceOfService.Of(named ?? _usualPlaces.GetValueOrDefault(patientId) ?? throw DomainException.NotFound("patient"));

    public bool HasAuthorizationNumbered(string authNumber) => _authorizations.Values.Any(a => a.AuthNumber == authNumber);

    /// <summary>Active sessions overlapping [start, end) as the batch stands now, loaded or added, by start time.</summary>
    public IEnumerable<Appointment> ActiveSessions(DateTimeOffset start, DateTimeOffset end, Guid? excluding) =>
        _appointments.Values.Where(a => a.Id != excluding && a.IsActive && a.StartAt < end && start < a.EndAt).OrderBy(a => a.StartAt);

    /// <summary>The supervision the practitioner is busy in during [start, end), if any.</summary>
    public SupervisionMeeting? SupervisionDuring(Guid practitionerId, DateTimeOffset start, DateTimeOffset end) =>
        _supervision.FirstOrDefault(m => m.StartAt < end && m.EndAt > start && m.BusyPractitioners.Contains(practitionerId));

    public DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant));

    public void Book(Appointment appointment, string reason)
    {
        var authorization = Authorization(appointment.AuthorizationId);
        Reserve(authorization, appointment.Units, LocalDate(appointment.StartAt), reason, appointment.Id);
        Db.Appointments.Add(appointment);
        _appointments[appointment.Id] = appointment;
    }

    public void Open(Authorization authorization, string reason)
    {
        CurrentHasChanged = true;
        Db.Authorizations.Add(authorization);
        _authorizations[authorization.Id] = authorization;
        Record(authorization, LedgerEntryKind.Adjust, authorization.TotalUnits, authorization.TotalUnits, Today, reason, null);
    }

    /// <summary>Schedules units on a date: the total, then every limited period of the date, checked before anything moves.</summary>
    public void Reserve(Authorization authorization, int units, DateOnly serviceDate, string? reason = null, Guid? appointmentId = null)
    {
        if (NotYetApproved(authorization) is { } pending)
        {
            throw pending;
        }

        authorization.RequireReservable(units, serviceDate);
        if (LimitUses(authorization, serviceDate, units).FirstOrDefault(u => u.Exceeded) is { } exceeded)
        {
            throw LimitExceeded(exceeded, units, appointmentId is null ? "this change" : "this session");
        }

        authorization.Reserve(units, serviceDate);
        CurrentHasChanged = true;
        MovePeriods(authorization, serviceDate, units, 0);
        Record(authorization, LedgerEntryKind.Reserve, units, 0, serviceDate, reason, appointmentId);
    }

    /// <summary>Gives back units scheduled on a date; refused when that date holds fewer.</summary>
    public void Release(Authorization authorization, int units, DateOnly serviceDate, string? reason = null, Guid? appointmentId = null)
    {
        RequireScheduledOn(authorization, serviceDate, units, "release");
        authorization.Release(units);
        CurrentHasChanged = true;
        MovePeriods(authorization, serviceDate, -units, 0);
        Record(authorization, LedgerEntryKind.Release, units, 0, serviceDate, reason, appointmentId);
    }

    /// <summary>Bills units scheduled on a date; refused when that date holds fewer.</summary>
    public void Consume(Authorization authorization, int units, DateOnly serviceDate, string? reason = null, Guid? appointmentId = null)
    {
        RequireScheduledOn(authorization, serviceDate, units, "consume");
        authorization.Consume(units, serviceDate);
        CurrentHasChanged = true;
        MovePeriods(authorization, serviceDate, -units, units);
        Record(authorization, LedgerEntryKind.Consume, units, 0, serviceDate, reason, appointmentId);
    }

    public void AdjustTotal(Authorization authorization, int totalUnits, string reason)
    {
        var change = authorization.AdjustTotal(totalUnits);
        CurrentHasChanged = true;
        Record(authorization, LedgerEntryKind.Adjust, Math.Abs(change), change, Today, reason, null);
    }

    /// <summary>
    /// New caps per day, week and month: refused, naming the periods, when a period already holds more than its new
    /// cap; otherwise the week and month rows are rebuilt from the day rows (all of them were loaded) in this transaction.
    /// </summary>
    public void ChangeLimits(Authorization authorization, UnitLimits limits, string reason)
    {
        limits.Validate();
        var weekStartsOn = PayerOf(authorization).WeekStartsOn;
        var days = _periods.Values.Where(p => p.AuthorizationId == authorization.Id && p.Kind == PeriodKind.Day).ToList();
        var wanted = new Dictionary<(PeriodKind Kind, DateOnly StartsOn), (int Scheduled, int Used)>();
        foreach (var kind in Enum.GetValues<PeriodKind>().Where(k => limits.For(k) is not null))
        {
            foreach (var (startsOn, scheduled, used) in UnitPeriod.Sum(days, kind, weekStartsOn))
            {
                wanted[(kind, startsOn)] = (scheduled, used);
            }
        }

        var over = wanted.Where(w => w.Value.Scheduled + w.Value.Used > limits.For(w.Key.Kind))
            .OrderBy(w => w.Key.StartsOn).ThenBy(w => w.Key.Kind)
            .Select(w => $"{UnitPeriod.Describe(w.Key.Kind, w.Key.StartsOn)} holds {w.Value.Scheduled + w.Value.Used} of {limits.For(w.Key.Kind)}")
            .ToList();
        if (over.Count > 0)
        {
            throw DomainException.Conflict(
                "limit-below-held",
                $"Authorization {authorization.AuthNumber} already holds more units than the new limits allow: {string.Join("; ", over.Take(5))}{(over.Count > 5 ? $"; and {over.Count - 5} more" : string.Empty)}.");
        }

        var before = authorization.Limits;
        authorization.ChangeLimits(limits);
        CurrentHasChanged = true;
        foreach (var day in days)
        {
            day.Limit(limits.PerDay);
        }

        foreach (var row in _periods.Values.Where(p => p.AuthorizationId == authorization.Id && p.Kind != PeriodKind.Day).ToList())
        {
            if (!wanted.ContainsKey((row.Kind, row.StartsOn)))
            {
                Db.UnitPeriods.Remove(row);
                _periods.Remove((row.AuthorizationId, row.Kind, row.StartsOn));
            }
            else
            {
                row.Limit(limits.For(row.Kind));
            }
        }

        foreach (var ((kind, startsOn), (scheduled, used)) in wanted.Where(w => w.Key.Kind != PeriodKind.Day))
        {
            if (!_periods.ContainsKey((authorization.Id, kind, startsOn)))
            {
                var row = new UnitPeriod(OrganizationId, authorization.Id, kind, startsOn, limits.For(kind));
                row.Move(scheduled, used);
                Db.UnitPeriods.Add(row);
                _periods[(authorization.Id, kind, startsOn)] = row;
            }
        }

        Db.ChangedBalances[authorization.Id] = new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version);
        Audit("authorization.limits", "authorization", authorization.Id, new { before, after = limits, reason, version = authorization.Version });
    }

    /// <summary>
    /// Each limited period <paramref name="date"/> falls in, with the units it holds before and after <paramref name="units"/>
    /// more; <paramref name="pending"/> adds units not yet moved (earlier occurrences of a series, or a session's own units
    /// taken out while it is rescheduled).
    /// </summary>
    public IReadOnlyList<PeriodUse> LimitUses(Authorization authorization, DateOnly date, int units, IReadOnlyDictionary<(PeriodKind, DateOnly), int>? pending = null)
    {
        var uses = new List<PeriodUse>();
        var weekStartsOn = PayerOf(authorization).WeekStartsOn;
        foreach (var kind in Enum.GetValues<PeriodKind>())
        {
            if (authorization.Limits.For(kind) is not { } limit)
            {
                continue;
            }

            var startsOn = UnitPeriod.Start(kind, date, weekStartsOn);
            var before = (_periods.GetValueOrDefault((authorization.Id, kind, startsOn))?.HeldUnits ?? 0) + (pending?.GetValueOrDefault((kind, startsOn)) ?? 0);
            uses.Add(new PeriodUse(kind, startsOn, before, before + units, limit));
        }

        return uses;
    }

    /// <summary>Adds <paramref name="units"/> on <paramref name="date"/> to a tally of units not yet moved, per limited period.</summary>
    public void Tally(Dictionary<(PeriodKind, DateOnly), int> pending, Authorization authorization, DateOnly date, int units)
    {
        foreach (var use in LimitUses(authorization, date, 0))
        {
            pending[(use.Kind, use.StartsOn)] = pending.GetValueOrDefault((use.Kind, use.StartsOn)) + units;
        }
    }

    /// <summary>The refusal of units on an authorization still requested from the payer, unless the organization allows it.</summary>
    public DomainException? NotYetApproved(Authorization authorization) =>
        authorization.Status == AuthorizationStatus.Requested && !AllowsSchedulingOnRequested
            ? DomainException.Conflict(
                "authorization-requested",
                $"Authorization {authorization.AuthNumber} is still requested from the payer, and this organization schedules only on approved authorizations (Settings).")
            : null;

    public static DomainException LimitExceeded(PeriodUse use, int units, string what) =>
        DomainException.Conflict("limit-exceeded", $"{use.Period}: {use.Before} of {use.Limit} units used or scheduled; {what} needs {units}.");

    /// <summary>A requested authorization approved with its total: the change of the total is an Adjust entry.</summary>
    public void Approve(Authorization authorization, int totalUnits)
    {
        var requested = authorization.TotalUnits;
        var change = authorization.Approve(totalUnits);
        CurrentHasChanged = true;
        if (change != 0)
        {
            Record(authorization, LedgerEntryKind.Adjust, Math.Abs(change), change, Today, "Approved by the payer", null);
        }

        Db.ChangedBalances[authorization.Id] = new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version);
        Audit("authorization.approve", "authorization", authorization.Id, new { requested, approved = totalUnits, version = authorization.Version });
    }

    public void Deny(Authorization authorization, string reason)
    {
        authorization.Deny();
        CurrentHasChanged = true;
        Db.ChangedBalances[authorization.Id] = new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version);
        Audit("authorization.deny", "authorization", authorization.Id, new { reason, scheduled = authorization.ScheduledUnits, version = authorization.Version });
    }

    public void Void(Authorization authorization, string reason)
    {
        authorization.Void();
        CurrentHasChanged = true;
        Db.ChangedBalances[authorization.Id] = new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version);
        Audit("authorization.void", "authorization", authorization.Id, new { reason, version = authorization.Version });
    }

    /// <summary>
    /// Renews <paramref name="authorization"/>: opens its successor and moves onto it, all or nothing, every unit the old
    /// one holds from the successor's first day: each scheduled session (released on the old, reserved on the new, the
    /// ledger entries naming each other, every release first) and units reserved on those days without a session; then
    /// the old one ends the day before. Refused before anything moves when units were used on one of those days (a
    /// completed session), and, naming the first session that does not fit, when the successor cannot take them all.
    /// Every period row of the old authorization is in the batch. Returns the successor and the sessions moved.
    /// </summary>
    public async Task<(Authorization Successor, int Moved)> RenewAsync(Authorization authorization, AuthorizationRenewal request, CancellationToken cancellationToken)
    {
        var successor = authorization.Renewal(
            request.AuthNumber?.Trim() ?? string.Empty, request.StartDate, request.EndDate, request.TotalUnits, request.Limits, request.Status ?? AuthorizationStatus.Active, Now);
        if (HasAuthorizationNumbered(successor.AuthNumber) || await Db.Authorizations.AnyAsync(a => a.AuthNumber == successor.AuthNumber, cancellationToken))
        {
            throw DomainException.Conflict("duplicate-auth-number", $"Another authorization of this organization already has the number {successor.AuthNumber}.");
        }

        var cutOver = successor.StartDate;
        var days = _periods.Values
            .Where(p => p.AuthorizationId == authorization.Id && p.Kind == PeriodKind.Day && p.StartsOn >= cutOver && p.HeldUnits > 0)
            .OrderBy(p => p.StartsOn)
            .ToList();
        if (days.FirstOrDefault(d => d.UsedUnits > 0) is { } used)
        {
            throw DomainException.Conflict(
                "units-used-after-cut-over",
                $"Units of authorization {authorization.AuthNumber} were used on {used.StartsOn:yyyy-MM-dd}; its renewal starts after the last day a session of it was completed.");
        }

        // A day starts at most 14 hours before its midnight in UTC, so a day earlier in UTC covers every zone.
        var since = new DateTimeOffset(cutOver.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var sessions = (await Db.Appointments
                .Where(a => a.AuthorizationId == authorization.Id && a.Status == AppointmentStatus.Scheduled && a.StartAt >= since)
                .ToListAsync(cancellationToken))
            .Where(a => LocalDate(a.StartAt) >= cutOver)
            .OrderBy(a => a.StartAt)
            .ToList();
        var reserved = days
            .Select(d => (Date: d.StartsOn, Units: d.ScheduledUnits - sessions.Where(a => LocalDate(a.StartAt) == d.StartsOn).Sum(a => a.Units)))
            .Where(d => d.Units > 0)
            .ToList();

        Open(successor, $"Authorization renewed from {authorization.AuthNumber}");
        foreach (var session in sessions)
        {
            Release(authorization, session.Units, LocalDate(session.StartAt), $"Session moved to {successor.AuthNumber} (renewal)", session.Id);
        }

        foreach (var (date, units) in reserved)
        {
            Release(authorization, units, date, $"Reserved units moved to {successor.AuthNumber} (renewal)");
        }

        foreach (var session in sessions)
        {
            var date = LocalDate(session.StartAt);
            try
            {
                if (!successor.Covers(date))
                {
                    throw DomainException.Conflict(
                        "outside-authorization-dates", $"Authorization {successor.AuthNumber} covers {successor.StartDate:yyyy-MM-dd} to {successor.EndDate:yyyy-MM-dd}.");
                }

                Reserve(successor, session.Units, date, $"Session moved from {authorization.AuthNumber} (renewal)", session.Id);
            }
            catch (DomainException refusal)
            {
                throw DomainException.Conflict(
                    refusal.Code,
                    $"{sessions.Count} sessions of authorization {authorization.AuthNumber} start on or after {cutOver:yyyy-MM-dd}, so none moved: the session of {Local(session.StartAt):yyyy-MM-dd HH:mm} does not fit on {successor.AuthNumber}. {refusal.Message}");
            }

            session.MoveTo(successor.Id, Now);
            Audit("appointment.move", "appointment", session.Id, new { from = authorization.Id, to = successor.Id, units = session.Units, reason = "renewal" });
        }

        foreach (var (date, units) in reserved)
        {
            Reserve(successor, units, date, $"Reserved units moved from {authorization.AuthNumber} (renewal)");
        }

        var endDate = authorization.EndDate;
        authorization.HandOver(successor);
        Db.ChangedBalances[authorization.Id] = new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version);
        Audit(
            "authorization.renew",
            "authorization",
            authorization.Id,
            new
            {
                successorId = successor.Id,
                successor = successor.AuthNumber,
                sessionsMoved = sessions.Count,
                reservedUnitsMoved = reserved.Sum(r => r.Units),
                endDate = new { before = endDate, after = authorization.EndDate },
                version = authorization.Version,
            });
        return (successor, sessions.Count);
    }

    /// <summary>
    /// The organization's clock moves to <paramref name="zone"/>: every scheduled session whose local start date is
    /// another there gives its units back on the old date, then, once all of them have (so a day that only trades sessions
    /// never passes its limit in between), takes them on the new one, checked against that date's limits and its
    /// authorization's dates. Completed sessions keep the dates their units were used on. Returns how many moved.
    /// </summary>
    public async Task<int> RedateSessionsAsync(TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var scheduled = await Db.Appointments.AsNoTracking().Where(a => a.Status == AppointmentStatus.Scheduled).ToListAsync(cancellationToken);
        var moving = scheduled
            .Select(a => (Session: a, From: LocalDate(a.StartAt), To: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.StartAt, zone).DateTime)))
            .Where(m => m.From != m.To)
            .OrderBy(m => m.Session.StartAt)
            .ToList();
        if (moving.Count == 0)
        {
            return 0;
        }

        var ids = moving.Select(m => m.Session.AuthorizationId).Distinct().ToList();
        foreach (var authorization in await Db.Authorizations.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken))
        {
            _authorizations.TryAdd(authorization.Id, authorization);
        }

        foreach (var row in await Db.UnitPeriods.Where(p => ids.Contains(p.AuthorizationId)).ToListAsync(cancellationToken))
        {
            _periods.TryAdd((row.AuthorizationId, row.Kind, row.StartsOn), row);
        }

        foreach (var (session, from, _) in moving)
        {
            Release(Authorization(session.AuthorizationId), session.Units, from, "Time zone changed", session.Id);
        }

        foreach (var (session, from, to) in moving)
        {
            var authorization = Authorization(session.AuthorizationId);
            try
            {
                if (!authorization.Covers(to))
                {
                    throw DomainException.Conflict(
                        "outside-authorization-dates", $"Authorization {authorization.AuthNumber} covers {authorization.StartDate:yyyy-MM-dd} to {authorization.EndDate:yyyy-MM-dd}.");
                }

                Reserve(authorization, session.Units, to, "Time zone changed", session.Id);
            }
            catch (DomainException refusal)
            {
                throw DomainException.Conflict(
                    refusal.Code,
                    $"In {zone.Id} the session of {Local(session.StartAt):yyyy-MM-dd HH:mm} on authorization {authorization.AuthNumber} falls on {to:yyyy-MM-dd}: {refusal.Message}");
            }
        }

        return moving.Count;
    }

    /// <summary>
    /// A session of the authorization changed without moving units (another practitioner, or a time of the same length
    /// on the same day): the commit announces the authorization at its unchanged version, so every page that shows its
    /// sessions re-reads them, on every node.
    /// </summary>
    public void SessionsChanged(Authorization authorization) =>
        Db.ChangedBalances.TryAdd(authorization.Id, new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version));

    /// <summary>Marks the change as under way before it changes an entity other than through a move (a session's status).</summary>
    public void Changing() => CurrentHasChanged = true;

    public void Audit(string action, string entityType, Guid entityId, object details) =>
        Db.AuditEvents.Add(new AuditEvent(
            OrganizationId, _current!.Actor.UserId, action, entityType, entityId.ToString(), JsonSerializer.Serialize(details), Now));

    private void RequireScheduledOn(Authorization authorization, DateOnly serviceDate, int units, string action)
    {
        var scheduled = _periods.GetValueOrDefault((authorization.Id, PeriodKind.Day, serviceDate))?.ScheduledUnits ?? 0;
        if (units > scheduled && units <= authorization.ScheduledUnits)
        {
            throw DomainException.Conflict(
                "exceeds-scheduled", $"Authorization {authorization.AuthNumber} has {scheduled} units scheduled on {serviceDate:yyyy-MM-dd}; cannot {action} {units}.");
        }
    }

    /// <summary>Moves units on the date's day row and on its week and month rows where the authorization limits those.</summary>
    private void MovePeriods(Authorization authorization, DateOnly serviceDate, int scheduled, int used)
    {
        var weekStartsOn = PayerOf(authorization).WeekStartsOn;
        foreach (var kind in Enum.GetValues<PeriodKind>())
        {
            var limit = authorization.Limits.For(kind);
            if (kind != PeriodKind.Day && limit is null)
            {
                continue;
            }

            var key = (authorization.Id, kind, UnitPeriod.Start(kind, serviceDate, weekStartsOn));
            if (!_periods.TryGetValue(key, out var row))
            {
                row = new UnitPeriod(OrganizationId, authorization.Id, kind, key.Item3, limit);
                Db.UnitPeriods.Add(row);
                _periods[key] = row;
            }

            row.Move(scheduled, used);
        }
    }

    private void Record(Authorization authorization, LedgerEntryKind kind, int units, int totalDelta, DateOnly serviceDate, string? reason, Guid? appointmentId)
    {
        var actor = _current!.Actor;
        var now = Now;
        Db.ChangedBalances[authorization.Id] = new BalanceChanged(authorization.OrganizationId, authorization.Id, authorization.Version);
        Db.UnitLedger.Add(new UnitLedgerEntry(
            OrganizationId, authorization.Id, kind, units, totalDelta, serviceDate, actor.UserId, reason, appointmentId, _current.Idempotency?.Key, now));
        Db.AuditEvents.Add(new AuditEvent(
            OrganizationId,
            actor.UserId,
            $"authorization.{kind.ToString().ToLowerInvariant()}",
            "authorization",
            authorization.Id.ToString(),
            JsonSerializer.Serialize(new
            {
                units,
                totalDelta,
                appointmentId,
                total = authorization.TotalUnits,
                used = authorization.UsedUnits,
                scheduled = authorization.ScheduledUnits,
                version = authorization.Version,
            }),
            now));
    }
}

/// <summary>What a booking needs to know of a practitioner.</summary>
internal sealed record PractitionerOnDuty(Guid Id, string Name, Credential Credential, bool IsActive, DateOnly? CredentialExpiresOn);
