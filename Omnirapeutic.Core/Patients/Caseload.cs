using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Patients;

/// <summary>
/// The clients a practitioner may see and book where the organization turns caseload access on: those they are case
/// supervisor of, or have a session with (not cancelled) that ended in the last <see cref="RecentDays"/> days or lies
/// ahead. Admins and the front desk see every client; another client is "not found", as another organization's is.
/// </summary>
public sealed class Caseload(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    public const int RecentDays = 90;

    /// <summary>The viewer's clients, or null when they see every client of the organization.</summary>
    public async Task<IReadOnlySet<Guid>?> ClientsOfAsync(Actor viewer, CancellationToken cancellationToken = default)
    {
        if (!viewer.CaseloadOnly)
        {
            return null;
        }

        await using var db = await dbFactory.CreateForOrganizationAsync(viewer.OrganizationId, cancellationToken);
        if (!await db.Organizations.Where(o => o.Id == viewer.OrganizationId).Select(o => o.CaseloadAccess).SingleAsync(cancellationToken))
        {
            return null;
        }

        var since = time.GetUtcNow().ToUniversalTime().AddDays(-RecentDays);
        var practitioners = db.Practitioners.Where(p => p.UserId == viewer.UserId).Select(p => p.Id);
        var clients = await db.Patients
            .Where(p => (p.CaseSupervisorId != null && practitioners.Contains(p.CaseSupervisorId.Value))
                || db.Appointments.Any(a => a.PatientId == p.Id && practitioners.Contains(a.PractitionerId) && a.Status != AppointmentStatus.Cancelled && a.EndAt >= since))
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        return clients.ToHashSet();
    }

    /// <summary>Refuses a client off the viewer's caseload as not found.</summary>
    public async Task EnsureVisibleAsync(Actor viewer, Guid patientId, CancellationToken cancellationToken = default)
    {
        if (await ClientsOfAsync(viewer, cancellationToken) is { } clients && !clients.Contains(patientId))
        {
            throw DomainException.NotFound("patient");
        }
    }
}
