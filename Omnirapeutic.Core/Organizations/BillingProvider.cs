using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Organizations;

/// <summary>Who bills the organization's claims: the billing provider's NPI and tax id (each null until an admin sets it).</summary>
public sealed record BillingProvider(string? Npi, string? TaxId);

/// <summary>Reads and sets the organization's billing provider (admins), audited without the numbers themselves.</summary>
public sealed class BillingProviders(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    public async Task<BillingProvider> GetAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Organizations.Where(o => o.Id == organizationId).Select(o => new BillingProvider(o.BillingNpi, o.TaxId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
    }

    public Task<BillingProvider> SetAsync(Actor actor, BillingProvider provider, CancellationToken cancellationToken = default)
    {
        var (npi, taxId) = (Practitioners.ProviderNpi.Parse(provider.Npi), FederalTaxId.Parse(provider.TaxId));
        return unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == actor.OrganizationId, ct) ?? throw DomainException.NotFound("organization");
            organization.ChangeBillingProvider(npi, taxId);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "organization.billing-provider", "organization", organization.Id.ToString(),
                JsonSerializer.Serialize(new { npiSet = npi is not null, taxIdSet = taxId is not null }), time.GetUtcNow()));
            return new BillingProvider(organization.BillingNpi, organization.TaxId);
        }, cancellationToken);
    }
}
