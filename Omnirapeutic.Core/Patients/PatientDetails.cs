namespace Omnirapeutic.Core.Patients;

/// <summary>What an admin enters for a patient. All of it is PHI: never log it.</summary>
public sealed record PatientDetails(string FirstName, string LastName, DateOnly DateOfBirth, string MemberId);
