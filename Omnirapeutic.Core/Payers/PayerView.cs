using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Payers;

/// <summary>A payer as the API and the pages show it; its modifiers keyed by credential name (RBT, BCaBA, BCBA).</summary>
public sealed record PayerView(
    Guid Id,
    string Name,
    UnitRoundingRule RoundingRule,
    IReadOnlyList<IReadOnlyList<string>> ConcurrentCodePairs,
    bool AllowsTelehealth,
    DayOfWeek WeekStartsOn,
    decimal SupervisionSharePercent,
    IReadOnlyDictionary<string, decimal> Fees,
    IReadOnlyDictionary<string, string> CredentialModifiers,
    int RenewalLeadDays,
    bool IsDefault,
    bool BillsUnderSupervisor,
    int TimelyFilingDays,
    bool RequiresCaregiverSignature)
{
    public static PayerView Of(Payer payer) => new(
        payer.Id,
        payer.Name,
        payer.RoundingRule,
        payer.ConcurrentCodes.Select(p => (IReadOnlyList<string>)[p.Code, p.Over]).ToList(),
        payer.AllowsTelehealth,
        payer.WeekStartsOn,
        payer.SupervisionPercent,
        payer.Fees,
        payer.CredentialModifiers.ToDictionary(m => m.Key.ToString(), m => m.Value),
        payer.RenewalLeadDays,
        payer.IsDefault,
        payer.BillsUnderSupervisor,
        payer.TimelyFilingDays,
        payer.RequiresCaregiverSignature);
}
