using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Patients;

/// <summary>Registers patients and corrects their details (admins). The audit trail names fields, never their values.</summary>
public sealed class PatientRegistry(SerializableUnitOfWork unitOfWork, TimeProvider time)
{
    public const string DuplicateMemberIdMessage = "Another patient of this organization already has this member id.";

    public Task<Guid> RegisterAsync(Actor actor, PatientDetails details, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var now = await OrganizationNowAsync(db, actor, ct);
            var patient = new Patient(actor.OrganizationId, details.FirstName, details.LastName, details.DateOfBirth, details.MemberId, now, PlaceOfService.Of(details.UsualPlaceOfService));
            await RequireUniqueMemberIdAsync(db, patient.MemberId, patient.Id, ct);
            db.Patients.Add(patient);
            db.AuditEvents.Add(new AuditEvent(actor.OrganizationId, actor.UserId, "patient.register", "patient", patient.Id.ToString(), null, now));
            return patient.Id;
        }, cancellationToken);

    public Task UpdateAsync(Actor actor, Guid patientId, PatientDetails details, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var now = await OrganizationNowAsync(db, actor, ct);
            var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == patientId, ct) ?? throw DomainException.NotFound("patient");
            var changed = patient.ChangeDetails(details.FirstName, details.LastName, details.DateOfBirth, details.MemberId, PlaceOfService.Of(details.UsualPlaceOfService), DateOnly.FromDateTime(now.DateTime));
            if (changed.Count == 0)
            {
                return false;
            }

            await RequireUniqueMemberIdAsync(db, patient.MemberId, patient.Id, ct);
            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "patient.update", "patient", patient.Id.ToString(), JsonSerializer.Serialize(new { changed }), now));
            return true;
        }, cancellationToken);

    /// <summary>Assigns the client's case supervisor (an active BCBA of the organization), or with none clears it.</summary>
    public Task SetCaseSupervisorAsync(Actor actor, Guid patientId, Guid? practitionerId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == patientId, ct) ?? throw DomainException.NotFound("patient");
            if (practitionerId is { } id)
            {
                var supervisor = await db.Practitioners.Where(p => p.Id == id).Select(p => new { p.Credential, p.IsActive }).SingleOrDefaultAsync(ct)
                    ?? throw DomainException.NotFound("practitioner");
                if (supervisor.Credential != Credential.BCBA || !supervisor.IsActive)
                {
                    throw CaseSupervisorNotBcba();
                }
            }

            if (!patient.AssignCaseSupervisor(practitionerId))
            {
                return false;
            }

            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "patient.case-supervisor", "patient", patient.Id.ToString(),
                JsonSerializer.Serialize(new { practitionerId }), time.GetUtcNow()));
            return true;
        }, cancellationToken);

    /// <summary>Sets the client's diagnosis codes and the subscriber of their policy; audited by the names of the fields that changed.</summary>
    public Task SetBillingAsync(Actor actor, Guid patientId, PatientBilling billing, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(actor.OrganizationId, async (db, ct) =>
        {
            var patient = await db.Patients.SingleOrDefaultAsync(p => p.Id == patientId, ct) ?? throw DomainException.NotFound("patient");
            var changed = patient.ChangeBilling(billing);
            if (changed.Count == 0)
            {
                return false;
            }

            db.AuditEvents.Add(new AuditEvent(
                actor.OrganizationId, actor.UserId, "patient.billing", "patient", patient.Id.ToString(), JsonSerializer.Serialize(new { changed }), time.GetUtcNow()));
            return true;
        }, cancellationToken);

    internal static DomainException CaseSupervisorNotBcba() =>
        DomainException.Invalid("case-supervisor-not-bcba", "A client's case supervisor is an active BCBA of the organization.");

    /// <summary>Now at the organization's location, so a child born today there can be registered today.</summary>
    private async Task<DateTimeOffset> OrganizationNowAsync(OmnirapeuticDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        var timeZoneId = await db.Organizations.Where(o => o.Id == actor.OrganizationId).Select(o => o.TimeZoneId).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("organization");
        return TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
    }

    private static async Task RequireUniqueMemberIdAsync(OmnirapeuticDbContext db, string memberId, Guid patientId, CancellationToken cancellationToken)
    {
        if (await db.Patients.AnyAsync(p => p.MemberId == memberId && p.Id != patientId, cancellationToken))
        {
            throw DomainException.Conflict("duplicate-member-id", DuplicateMemberIdMessage);
        }
    }
}
