using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Payers;

/// <summary>
/// An organization's payers. A change runs in the organization's SERIALIZABLE lane like a booking, so a booking
/// is judged by the payer's terms either before or after the change, never half of each. A new rounding rule counts
/// for sessions booked from then on; the booked ones keep the units and the rule they were booked under.
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
            payer.Change(terms);
            await RequireUniqueNameAsync(db, payer, ct);
            Audit(db, actor, "payer.change", payer, new { before, after = Describe(payer) });
            return PayerView.Of(payer);
        }, cancellationToken);

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
    };
}
