using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;

namespace Omnirapeutic.Core.Practitioners;

public sealed class PractitionerDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory, SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>Sets or clears a practitioner's NPI (admins), audited without the number itself.</summary>
    public Task<PractitionerListItem> SetNpiAsync(Actor actor, Guid practitionerId, string? npi, CancellationToken cancellationToken = default)
    {
        var parsed = ProviderNpi.Parse(npi);
        return unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var practitioner = await db.Practitioners.SingleOrDefaultAsync(p => p.Id == practitionerId, ct) ?? throw DomainException.NotFound("practitioner");
            if (parsed is not null && await db.Practitioners.AnyAsync(p => p.Npi == parsed && p.Id != practitionerId, ct))
            {
                throw DuplicateNpi();
            }

            practitioner.ChangeNpi(parsed);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "practitioner.npi", "practitioner", practitionerId.ToString(),
                JsonSerializer.Serialize(new { npiSet = parsed is not null }), time.GetUtcNow()));
            return Item(practitioner);
        }, cancellationToken);
    }

    /// <summary>Assigns or (with none) clears an RBT's supervising BCBA or BCaBA (admins), audited.</summary>
    public Task<PractitionerListItem> SetSupervisorAsync(Actor actor, Guid practitionerId, Guid? supervisorId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var practitioner = await db.Practitioners.SingleOrDefaultAsync(p => p.Id == practitionerId, ct) ?? throw DomainException.NotFound("practitioner");
            var supervisor = supervisorId is { } id
                ? await db.Practitioners.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw Practitioner.SupervisorNotAnalyst()
                : null;
            var before = practitioner.SupervisorId;
            practitioner.AssignSupervisor(supervisor);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "practitioner.supervisor", "practitioner", practitionerId.ToString(),
                JsonSerializer.Serialize(new { before, after = practitioner.SupervisorId }), time.GetUtcNow()));
            return Item(practitioner);
        }, cancellationToken);

    /// <summary>
    /// Records (or clears) the last day a practitioner's certification holds (admins), audited. Sessions already booked
    /// after it stay as they are; no new one is booked or moved there.
    /// </summary>
    public Task<PractitionerListItem> SetCredentialExpiryAsync(Actor actor, Guid practitionerId, DateOnly? expiresOn, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var practitioner = await db.Practitioners.SingleOrDefaultAsync(p => p.Id == practitionerId, ct) ?? throw DomainException.NotFound("practitioner");
            var before = practitioner.CredentialExpiresOn;
            practitioner.ChangeCredentialExpiry(expiresOn);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "practitioner.credential-expiry", "practitioner", practitionerId.ToString(),
                JsonSerializer.Serialize(new { before, after = expiresOn }), time.GetUtcNow()));
            return Item(practitioner);
        }, cancellationToken);

    private static PractitionerListItem Item(Practitioner p) =>
        new(p.Id, p.Name, p.Email, p.Credential, p.Npi, p.SupervisorId, p.CredentialExpiresOn);

    internal static DomainException DuplicateNpi() =>
        DomainException.Conflict("duplicate-npi", "Another practitioner of this organization already has that NPI.");

    public async Task<IReadOnlyList<PractitionerListItem>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Practitioners
            .Where(p => p.IsActive)
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new PractitionerListItem(p.Id, p.FirstName + " " + p.LastName, p.Email, p.Credential, p.Npi, p.SupervisorId, p.CredentialExpiresOn))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whom a user may book with: every active practitioner for the front desk, else their own profile (if they have one).</summary>
    public async Task<IReadOnlyList<PractitionerListItem>> BookableAsync(Guid organizationId, Guid userId, bool everyone, CancellationToken cancellationToken = default) =>
        everyone
            ? await ListAsync(organizationId, cancellationToken)
            : await FindByUserAsync(organizationId, userId, cancellationToken) is { } mine ? [mine] : [];

    /// <summary>The practitioner profile of a signed-in user, if they have one.</summary>
    public async Task<PractitionerListItem?> FindByUserAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Practitioners
            .Where(p => p.UserId == userId)
            .Select(p => new PractitionerListItem(p.Id, p.FirstName + " " + p.LastName, p.Email, p.Credential, p.Npi, p.SupervisorId, p.CredentialExpiresOn))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
