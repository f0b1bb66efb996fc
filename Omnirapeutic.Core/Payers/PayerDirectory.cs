using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Payers;

/// <summary>
/// An organization's payers. A change runs in the organization's SERIALIZABLE lane like a booking, so a booking
/// is judged by the payer's terms either before or after the change, never half of each. A new rounding rule counts
/// for sessions booked from then on; the booked ones keep the units and the rule they were booked under, and their
/// modifiers likewise. A new first day of the week regroups the weekly-limited authorizations' week rows in the same
/// transaction. A payer stops paying telehealth only once no telehealth session of its authorizations is scheduled.
/// </summary>
public sealed class PayerDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    public async Task<IReadOnlyList<PayerView>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var payers = await db.Payers.AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        return payers.Select(PayerView.Of).ToList();
    }

    public async Task<PayerView> GetAsync(Guid organizationId, Guid payerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var payer = await db.Payers.AsNoTracking().SingleOrDefaultAsync(p => p.Id == payerId, cancellationToken) ?? throw DomainException.NotFound("payer");
        return PayerView.Of(payer);
    }

    public Task<PayerView> CreateAsync(Actor actor, PayerTerms terms, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var payer = new Payer(actor.OrganizationId, terms, isDefault: false);
            await RequireUniqueNameAsync(db, payer, ct);
            db.Payers.Add(payer);
            Audit(db, actor, "payer.create", payer, new { after = Describe(payer) });
            return PayerView.Of(payer);
        }, cancellationToken);

    public Task<PayerView> ChangeAsync(Actor actor, Guid payerId, PayerTerms terms, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var payer = await db.Payers.SingleOrDefaultAsync(p => p.Id == payerId, ct) ?? throw DomainException.NotFound("payer");
            var before = Describe(payer);
            var weekStartedOn = payer.WeekStartsOn;
            var paidTelehealth = payer.AllowsTelehealth;
            payer.Change(terms);
            await RequireUniqueNameAsync(db, payer, ct);
            if (paidTelehealth && !payer.AllowsTelehealth)
            {
                await RequireNoTelehealthScheduledAsync(db, payer, ct);
            }

            if (payer.WeekStartsOn != weekStartedOn)
            {
                await RegroupWeeksAsync(db, payer, ct);
            }

            Audit(db, actor, "payer.change", payer, new { before, after = Describe(payer) });
            return PayerView.Of(payer);
        }, cancellationToken);

    /// <summary>
    /// A new first day of the week moves days between weeks: the week rows of the payer's authorizations with a weekly
    /// limit are built again from their day rows, and the change is refused, naming the weeks, when one would pass its limit.
    /// </summary>
    private static async Task RegroupWeeksAsync(OmnirapeuticDbContext db, Payer payer, CancellationToken cancellationToken)
    {
        var limited = await db.Authorizations.Where(a => a.PayerId == payer.Id && a.LimitPerWeek != null)
            .Select(a => new { a.Id, a.AuthNumber, Limit = a.LimitPerWeek!.Value })
            .ToListAsync(cancellationToken);
        if (limited.Count == 0)
        {
            return;
        }

        var ids = limited.Select(a => a.Id).ToList();
        var rows = await db.UnitPeriods.Where(p => ids.Contains(p.AuthorizationId) && (p.Kind == PeriodKind.Day || p.Kind == PeriodKind.Week)).ToListAsync(cancellationToken);
        db.UnitPeriods.RemoveRange(rows.Where(p => p.Kind == PeriodKind.Week));
        var over = new List<string>();
        foreach (var authorization in limited)
        {
            var days = rows.Where(p => p.AuthorizationId == authorization.Id && p.Kind == PeriodKind.Day);
            foreach (var (startsOn, scheduled, used) in UnitPeriod.Sum(days, PeriodKind.Week, payer.WeekStartsOn))
            {
                var row = new UnitPeriod(payer.OrganizationId, authorization.Id, PeriodKind.Week, startsOn, authorization.Limit);
                row.Move(scheduled, used);
                db.UnitPeriods.Add(row);
                if (row.HeldUnits > authorization.Limit)
                {
                    over.Add($"{authorization.AuthNumber}, {UnitPeriod.Describe(PeriodKind.Week, startsOn)}: {row.HeldUnits} of {authorization.Limit}");
                }
            }
        }

        if (over.Count > 0)
        {
            throw DomainException.Conflict(
                "limit-exceeded",
                $"Weeks starting on {payer.WeekStartsOn} would hold more units than their limits: {string.Join("; ", over.Take(5))}{(over.Count > 5 ? $"; and {over.Count - 5} more" : string.Empty)}.");
        }
    }

    /// <summary>The sessions the payer would deny must move to a place it pays first (a trigger refuses it too).</summary>
    private static async Task RequireNoTelehealthScheduledAsync(OmnirapeuticDbContext db, Payer payer, CancellationToken cancellationToken)
    {
        var telehealth = PlaceOfService.Catalog.Where(p => p.IsTelehealth).Select(p => p.Code).ToList();
        var scheduled = await db.Appointments
            .Where(a => a.Status == AppointmentStatus.Scheduled && telehealth.Contains(a.PlaceOfService)
                && db.Authorizations.Any(au => au.Id == a.AuthorizationId && au.PayerId == payer.Id))
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), First = g.Min(a => a.StartAt) })
            .SingleOrDefaultAsync(cancellationToken);
        if (scheduled is not null)
        {
            var timeZoneId = await db.Organizations.Where(o => o.Id == payer.OrganizationId).Select(o => o.TimeZoneId).SingleAsync(cancellationToken);
            var first = TimeZoneInfo.ConvertTime(scheduled.First, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
            throw DomainException.Conflict(
                "telehealth-scheduled",
                $"{scheduled.Count} telehealth session{(scheduled.Count == 1 ? " is" : "s are")} scheduled on {payer.Name}'s authorizations (the first on {first:yyyy-MM-dd} at {first:HH:mm}); move {(scheduled.Count == 1 ? "it" : "them")} to a place of service in person before it stops paying telehealth.");
        }
    }

    private static async Task RequireUniqueNameAsync(OmnirapeuticDbContext db, Payer payer, CancellationToken cancellationToken)
    {
        if (await db.Payers.AnyAsync(p => p.Id != payer.Id && p.Name == payer.Name, cancellationToken))
        {
            throw DomainException.Conflict("duplicate-payer", $"The organization already has a payer named {payer.Name}.");
        }
    }

    private void Audit(OmnirapeuticDbContext db, Actor actor, string action, Payer payer, object details) =>
        db.AuditEvents.Add(new AuditEvent(
            actor.OrganizationId, actor.UserId, action, "payer", payer.Id.ToString(), JsonSerializer.Serialize(details), time.GetUtcNow()));

    private static object Describe(Payer payer) => new
    {
        name = payer.Name,
        roundingRule = payer.RoundingRule.ToString(),
        concurrentCodePairs = payer.ConcurrentCodes.Select(p => p.ToString()),
        allowsTelehealth = payer.AllowsTelehealth,
        weekStartsOn = payer.WeekStartsOn.ToString(),
        supervisionSharePercent = payer.SupervisionPercent,
        fees = payer.Fees,
        credentialModifiers = payer.CredentialModifiers.ToDictionary(m => m.Key.ToString(), m => m.Value),
        renewalLeadDays = payer.RenewalLeadDays,
    };
}
