namespace Omnirapeutic.Core.Supervision;

/// <summary>A calendar month of supervision (in the organization's time zone) for the RBTs the viewer follows, and the certifications ending soon.</summary>
public sealed record SupervisionMonth(
    DateOnly Month, bool IsOver, IReadOnlyList<RbtSupervision> Rbts, IReadOnlyList<ExpiringCredential> ExpiringCredentials)
{
    public int AtRisk => Rbts.Count(r => r.Status == SupervisionStatus.AtRisk);
}
