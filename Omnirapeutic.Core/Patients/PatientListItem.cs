namespace Omnirapeutic.Core.Patients;

public sealed record PatientListItem(Guid Id, string Name, DateOnly DateOfBirth, string MemberId, string UsualPlaceOfService, int ActiveAuthorizations);
