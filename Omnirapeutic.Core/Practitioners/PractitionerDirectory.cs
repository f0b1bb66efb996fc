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
        return ChangeAsync(actor, practitionerId, "practitioner.npi", async (db, practitioner, ct) =>
        {
            if (parsed is not null && await db.Practitioners.AnyAsync(p => p.Npi == parsed && p.Id != practitionerId, ct))
            {
                throw DuplicateNpi();
            }

            practitioner.ChangeNpi(parsed);
            return new { npiSet = parsed is not null };
        }, cancellationToken);
    }

    /// <summary>Assigns or (with none) clears an RBT's supervising BCBA or BCaBA (admins), audited.</summary>
    public Task<PractitionerListItem> SetSupervisorAsync(Actor actor, Guid practitionerId, Guid? supervisorId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, practitionerId, "practitioner.supervisor", async (db, practitioner, ct) =>
        {
            var supervisor = supervisorId is { } id
                ? await db.Practitioners.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw Practitioner.SupervisorNotAnalyst()
                : null;
            var before = practitioner.SupervisorId;
            practitioner.AssignSupervisor(supervisor);
            return new { before, after = practitioner.SupervisorId };
        }, cancellationToken);

    /// <summary>
    /// Records (or clears) the last day a practitioner's certification holds (admins), audited. Sessions already booked
    /// after it stay as they are; no new one is booked or moved there.
    /// </summary>
    public Task<PractitionerListItem> SetCredentialExpiryAsync(Actor actor, Guid practitionerId, DateOnly? expiresOn, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, practitionerId, "practitioner.credential-expiry", (_, practitioner, _) =>
        {
            var before = practitioner.CredentialExpiresOn;
            practitioner.ChangeCredentialExpiry(expiresOn);
            return Task.FromResult<object>(new { before, after = expiresOn });
        }, cancellationToken);

    /// <summary>One admin change to a practitioner in the organization's unit of work, audited with what the change reports.</summary>
    private Task<PractitionerListItem> ChangeAsync(
        Actor actor,
        Guid practitionerId,
        string action,
        Func<OmnirapeuticDbContext, Practitioner, CancellationToken, Task<object>> change,
        CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var practitioner = await db.Practitioners.SingleOrDefaultAsync(p => p.Id == practitionerId, ct) ?? throw DomainException.NotFound("practitioner");
            var details = await change(db, practitioner, ct);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, action, "practitioner", practitionerId.ToString(), JsonSerializer.Serialize(details), time.GetUtcNow()));
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
