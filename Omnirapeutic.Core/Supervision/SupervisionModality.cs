namespace Omnirapeutic.Core.Supervision;

/// <summary>How a supervision contact happens; the BACB counts real-time contact only (phone and email do not count).</summary>
public enum SupervisionModality
{
    InPerson,
    Video,
}
