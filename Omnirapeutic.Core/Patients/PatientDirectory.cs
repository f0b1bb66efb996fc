using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Core.Patients;

public sealed class PatientDirectory(IDbContextFactory<OmnirapeuticDbContext> dbFactory)
{
    /// <summary>The organization's patients, by last name; <paramref name="search"/> matches name or member id.</summary>
    public async Task<IReadOnlyList<PatientListItem>> ListAsync(Guid organizationId, string? search = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var patients = db.Patients.AsQueryable();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            patients = patients.Where(p =>
                EF.Functions.ILike(p.FirstName + " " + p.LastName, pattern) || EF.Functions.ILike(p.MemberId, pattern));
        }

        return await patients
            .OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
            .Select(p => new PatientListItem(
                p.Id,
                p.FirstName + " " + p.LastName,
                p.DateOfBirth,
                p.MemberId,
                db.Authorizations.Count(a => a.PatientId == p.Id && a.Status == AuthorizationStatus.Active)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One patient's details for editing; another organization's patient is answered as not found.</summary>
    public async Task<PatientDetails> GetAsync(Guid organizationId, Guid patientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        return await db.Patients
            .Where(p => p.Id == patientId)
            .Select(p => new PatientDetails(p.FirstName, p.LastName, p.DateOfBirth, p.MemberId))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("patient");
    }
}
