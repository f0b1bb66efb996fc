using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Payers;

/// <summary>A payer as the API and the pages show it.</summary>
public sealed record PayerView(
    Guid Id,
    string Name,
    UnitRoundingRule RoundingRule,
    IReadOnlyList<IReadOnlyList<string>> ConcurrentCodePairs,
    bool AllowsTelehealth,
    DayOfWeek WeekStartsOn,
    decimal SupervisionSharePercent,
    IReadOnlyDictionary<string, decimal> Fees,
    bool IsDefault)
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
        payer.IsDefault);
}
