using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Supervision;

/// <summary>A practitioner whose certification ends within the warning window, or has ended.</summary>
public sealed record ExpiringCredential(Guid PractitionerId, string Name, Credential Credential, DateOnly ExpiresOn, int DaysLeft);
