using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Claims;

/// <summary>
/// Who a session's claim line names: its rendering practitioner, unless its payer bills an RBT's sessions under the
/// client's case supervisor, when the line names the supervising BCBA and the RBT needs no NPI. A session is verified,
/// and billed, only when that provider has an NPI.
/// </summary>
internal sealed record ClaimProviders(
    string PractitionerName, Credential Credential, string? PractitionerNpi, bool BillsUnderSupervisor, string? SupervisorName, string? SupervisorNpi)
{
    public bool UnderSupervisor => BillsUnderSupervisor && Credential == Credential.RBT;

    public string RenderingName => UnderSupervisor ? SupervisorName ?? string.Empty : PractitionerName;

    public string? RenderingNpi => UnderSupervisor ? SupervisorNpi : PractitionerNpi;

    /// <summary>Refuses a session whose claim line could not name a rendering provider with an NPI, saying who needs one.</summary>
    public void RequireNpi()
    {
        if (UnderSupervisor && SupervisorName is null)
        {
            throw DomainException.Conflict(
                "case-supervisor-missing", "Its payer bills an RBT's sessions under the client's case supervisor; an admin assigns one on the client's page first.");
        }

        if (RenderingNpi is null)
        {
            throw DomainException.Conflict(
                "npi-missing", $"{RenderingName} has no NPI; an admin sets it on the Users page before the session is verified or billed.");
        }
    }

    /// <summary>The providers of each session, read in one query.</summary>
    public static async Task<Dictionary<Guid, ClaimProviders>> ForAsync(OmnirapeuticDbContext db, IReadOnlyCollection<Guid> appointmentIds, CancellationToken cancellationToken)
    {
        var rows = await (
            from a in db.Appointments
            where appointmentIds.Contains(a.Id)
            join p in db.Practitioners on a.PractitionerId equals p.Id
            join x in db.Authorizations on a.AuthorizationId equals x.Id
            join payer in db.Payers on x.PayerId equals payer.Id
            join c in db.Patients on a.PatientId equals c.Id
            select new
            {
                a.Id,
                Providers = new ClaimProviders(
                    p.FirstName + " " + p.LastName,
                    p.Credential,
                    p.Npi,
                    payer.BillsUnderSupervisor,
                    db.Practitioners.Where(s => s.Id == c.CaseSupervisorId).Select(s => s.FirstName + " " + s.LastName).FirstOrDefault(),
                    db.Practitioners.Where(s => s.Id == c.CaseSupervisorId).Select(s => s.Npi).FirstOrDefault()),
            }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Providers);
    }
}
