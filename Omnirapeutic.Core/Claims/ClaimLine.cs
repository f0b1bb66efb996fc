using Omnirapeutic.Core.Patients;

namespace Omnirapeutic.Core.Claims;

/// <summary>
/// One session as a claim (837P) line, copied when its batch is made so the claim reads as it was sent: date of
/// service, the client (member id, name and date of birth: PHI, never logged), the subscriber of the policy, the
/// client's diagnosis codes with the pointer to the one the line treats, payer, authorization, code, modifiers,
/// place of service, units, the payer's fee and the charge, the rendering provider with their NPI (the client's case
/// supervisor where the payer bills an RBT's sessions under them) and who delivered the session. Never changed; voided
/// with its batch.
/// </summary>
public sealed class ClaimLine
{
    private ClaimLine()
    {
        MemberId = PatientName = AuthNumber = ServiceCode = PlaceOfService = RenderingName = RenderingNpi = DeliveredBy = string.Empty;
    }

    internal ClaimLine(ClaimBatch batch, int lineNumber, ClaimSession session, decimal unitFee)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = batch.OrganizationId;
        BatchId = batch.Id;
        LineNumber = lineNumber;
        AppointmentId = session.AppointmentId;
        ServiceDate = session.ServiceDate;
        MemberId = session.MemberId;
        PatientName = session.PatientName;
        PatientDateOfBirth = session.PatientDateOfBirth;
        AuthNumber = session.AuthNumber;
        ServiceCode = session.ServiceCode;
        Modifiers = [.. session.Modifiers];
        PlaceOfService = session.PlaceOfService;
        Units = session.Units;
        UnitFee = unitFee;
        Charge = session.Units * UnitFee;
        RenderingName = session.RenderingName;
        RenderingNpi = session.RenderingNpi;
        DeliveredBy = session.DeliveredBy;
        DiagnosisCodes = [.. session.DiagnosisCodes];
        DiagnosisPointer = PrimaryDiagnosis;
        SubscriberRelationship = session.SubscriberRelationship;
        SubscriberName = session.SubscriberName;
    }

    /// <summary>The line points to the client's first diagnosis, the primary one their program treats.</summary>
    public const int PrimaryDiagnosis = 1;

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid BatchId { get; private set; }

    /// <summary>Its batch's <see cref="ClaimBatch.Voided"/>, kept equal by the database (a foreign key that cascades); never set here.</summary>
    public bool BatchVoided { get; private set; }

    /// <summary>1, 2, ... in the order of the batch: by date of service, then client.</summary>
    public int LineNumber { get; private set; }

    public Guid AppointmentId { get; private set; }

    public DateOnly ServiceDate { get; private set; }

    public string MemberId { get; private set; }

    public string PatientName { get; private set; }

    public DateOnly PatientDateOfBirth { get; private set; }

    public string AuthNumber { get; private set; }

    public string ServiceCode { get; private set; }

    public List<string> Modifiers { get; private set; } = [];

    public string PlaceOfService { get; private set; }

    /// <summary>The session's consumed units.</summary>
    public int Units { get; private set; }

    /// <summary>The payer's fee per unit of the code (dollars, in whole cents).</summary>
    public decimal UnitFee { get; private set; }

    /// <summary>Units times the payer's fee per unit of the code.</summary>
    public decimal Charge { get; private set; }

    public string RenderingName { get; private set; }

    public string RenderingNpi { get; private set; }

    /// <summary>The practitioner who delivered the session: the rendering provider, or the RBT billed under them.</summary>
    public string DeliveredBy { get; private set; }

    /// <summary>The client's ICD-10-CM codes when the batch was made, primary first.</summary>
    public List<string> DiagnosisCodes { get; private set; } = [];

    /// <summary>Which of <see cref="DiagnosisCodes"/> (from 1) the service treats; none on lines made before diagnoses were recorded.</summary>
    public int? DiagnosisPointer { get; private set; }

    /// <summary>Who holds the policy; none on lines made before subscribers were recorded.</summary>
    public SubscriberRelationship? SubscriberRelationship { get; private set; }

    /// <summary>The policy holder's name when it is not the client (PHI).</summary>
    public string? SubscriberName { get; private set; }
}

/// <summary>A verified session with what its claim line needs, read when a batch is made.</summary>
internal sealed record ClaimSession(
    Guid AppointmentId,
    DateOnly ServiceDate,
    string MemberId,
    string PatientName,
    DateOnly PatientDateOfBirth,
    string AuthNumber,
    string ServiceCode,
    IReadOnlyList<string> Modifiers,
    string PlaceOfService,
    int Units,
    string RenderingName,
    string RenderingNpi,
    string DeliveredBy,
    IReadOnlyList<string> DiagnosisCodes,
    SubscriberRelationship SubscriberRelationship,
    string? SubscriberName);
