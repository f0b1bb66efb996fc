using Npgsql;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Data.Configurations;
using Omnirapeutic.Core.Documentation;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Data;

/// <summary>
/// The database's last line of defence, mapped to the same clear refusals the domain gives first. A
/// constraint only fires here when two nodes raced past the domain's own check.
/// </summary>
internal static class ConstraintRefusals
{
    public static DomainException? Translate(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return postgres switch
                {
                    { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_authorizations_organization_id_auth_number" } =>
                        DomainException.Conflict("duplicate-auth-number", "Another authorization of this organization already has that number."),
                    { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_patients_organization_id_member_id" } =>
                        DomainException.Conflict("duplicate-member-id", PatientRegistry.DuplicateMemberIdMessage),
                    { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: AppointmentConfiguration.PractitionerOverlapConstraint } =>
                        DomainException.Conflict("practitioner-double-booked", $"{AppointmentScheduler.PractitionerDoubleBooked}."),
                    { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: AppointmentConfiguration.PatientOverlapConstraint } =>
                        DomainException.Conflict("patient-double-booked", "The patient already has a session at that time that its payers do not pay alongside this one."),
                    { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: WorkingHoursConfiguration.OverlapConstraint or ClientAvailabilityConfiguration.OverlapConstraint } =>
                        DomainException.Conflict("availability-overlap", "Two windows of one day overlap; join them into one."),
                    { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: TimeOffConfiguration.OverlapConstraint } =>
                        DomainException.Conflict("time-off-overlap", AvailabilityDirectory.TimeOffOverlapMessage),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: "ck_authorizations_within_total" } =>
                        DomainException.Conflict("insufficient-units", "The authorization does not have the units available."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: UnitPeriodConfiguration.WithinLimitConstraint } =>
                        DomainException.Conflict("limit-exceeded", "A day, week or month of the authorization would hold more units than its limit."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: AppointmentConfiguration.TelehealthConstraint, TableName: "payers" } =>
                        DomainException.Conflict("telehealth-scheduled", "Telehealth sessions are scheduled on the payer's authorizations; move them to a place of service in person first."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: AppointmentConfiguration.TelehealthConstraint } =>
                        DomainException.Conflict("telehealth-not-covered", "The payer does not pay for telehealth: a telehealth session cannot be scheduled on its authorizations."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: "ck_authorizations_schedulable" } =>
                        DomainException.Conflict("authorization-requested", "Units are scheduled only on an approved authorization, or on a requested one where the organization allows it."),
                    { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_authorizations_organization_id_predecessor_id" or "ix_authorizations_organization_id_successor_id" } =>
                        DomainException.Conflict("already-renewed", "The authorization has already been renewed."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: "ck_authorizations_succession" or "ck_authorizations_units_within_dates" } =>
                        DomainException.Conflict("renewal-conflict", "A renewal follows its predecessor (same patient, code and payer) and takes every unit held from its start date."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SessionNoteConfiguration.SignedReadOnlyConstraint } =>
                        DomainException.Conflict("note-signed", SessionNote.SignedMessage),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SessionNoteConfiguration.DocumentedSignedConstraint } =>
                        DomainException.Conflict("note-not-signed", "A session is documented only once its note is signed."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SessionNoteConfiguration.CaregiverSignedConstraint } =>
                        DomainException.Conflict("caregiver-signature-required", "The payer of this session requires a caregiver's signature before it is documented."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: AppointmentConfiguration.VerifiedByReviewerConstraint } =>
                        DomainException.Conflict("not-verifiable", SessionVerification.ReviewerMessage),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SessionReturnConfiguration.ByReviewerConstraint } =>
                        DomainException.Conflict("not-verifiable", SessionVerification.ReviewerMessage),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: NoteAddendumConfiguration.DocumentedConstraint } =>
                        DomainException.Conflict("appointment-not-documented", "An addendum goes to a documented session; a billed one's waits until its claim batch is voided."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SessionReturnConfiguration.AppendOnlyConstraint } =>
                        DomainException.Conflict("return-read-only", "A session's return is kept as it was sent: it is never changed or removed."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: PractitionerConfiguration.SupervisorConstraint } =>
                        Practitioner.SupervisorNotAnalyst(),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: AppointmentConfiguration.CredentialCurrentConstraint } =>
                        DomainException.Conflict("credential-expired", "The practitioner's certification has expired by the session's date."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: PatientConfiguration.CaseSupervisorConstraint } =>
                        PatientRegistry.CaseSupervisorNotBcba(),
                    { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ClaimBatchConfiguration.OneLiveLineIndex } =>
                        DomainException.Conflict("already-billed", "A session is in at most one claim batch that is not voided."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: ClaimBatchConfiguration.ReadOnlyConstraint } =>
                        DomainException.Conflict("claim-read-only", "A claim batch and its lines stay as they were made; a batch is only ever voided."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: ClaimBatchConfiguration.BilledConstraint } =>
                        DomainException.Conflict("claims-mismatch", "A session is billed exactly when a batch that is not voided has its line, with its consumed units."),
                    { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: PractitionerConfiguration.NpiUniqueIndex } =>
                        PractitionerDirectory.DuplicateNpi(),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SupervisionMeetingConfiguration.OverlapConstraint } =>
                        DomainException.Conflict("practitioner-double-booked", "A practitioner would be in a session and a supervision meeting at once."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SupervisionMeetingConfiguration.PeopleConstraint, TableName: "appointments" } =>
                        DomainException.Conflict("observed-session", "A supervision observation is booked in this session: cancel the observation before moving the session."),
                    { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: SupervisionMeetingConfiguration.PeopleConstraint } =>
                        SupervisionMeetings.NotSupervisable(),
                    { SqlState: PostgresErrorCodes.CheckViolation } =>
                        DomainException.Conflict("constraint-violation", "The database refused the change: it would break a unit rule."),
                    _ => null,
                };
            }
        }

        return null;
    }
}
