using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Identity;

public sealed class UserDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<UserListItem>> ListAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var now = time.GetUtcNow();
        var users = await db.Users
            .Where(u => u.OrganizationId == organizationId)
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                Email = u.Email ?? string.Empty,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
                    .OrderBy(n => n)
                    .ToList(),
                u.LockoutEnd,
                u.TwoFactorEnabled,
                Practitioner = db.Practitioners.Where(p => p.UserId == u.Id).Select(p => new
                {
                    p.Id,
                    p.Credential,
                    p.Npi,
                    p.SupervisorId,
                    SupervisorName = db.Practitioners.Where(s => s.Id == p.SupervisorId).Select(s => s.FirstName + " " + s.LastName).FirstOrDefault(),
                    p.CredentialExpiresOn,
                }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. users.Select(u => new UserListItem(
            u.Id, u.DisplayName, u.Email, u.Roles, u.LockoutEnd > now, u.Practitioner?.Credential, u.Practitioner?.Id, u.Practitioner?.Npi,
            u.Practitioner?.SupervisorId, u.Practitioner?.SupervisorName, u.Practitioner?.CredentialExpiresOn, u.TwoFactorEnabled))];
    }
}
