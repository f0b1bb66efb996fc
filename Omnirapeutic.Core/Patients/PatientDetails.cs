using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Patients;

/// <summary>What an admin enters for a patient. Name, date of birth and member id are PHI: never log them.</summary>
public sealed record PatientDetails(string FirstName, string LastName, DateOnly DateOfBirth, string MemberId, string UsualPlaceOfService = PlaceOfService.Office);
