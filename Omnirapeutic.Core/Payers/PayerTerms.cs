using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Payers;

/// <summary>Everything an admin sets on a payer.</summary>
public sealed record PayerTerms(
    string Name,
    UnitRoundingRule RoundingRule,
    IReadOnlyList<CodePair> ConcurrentCodes,
    bool AllowsTelehealth,
    DayOfWeek WeekStartsOn,
    decimal SupervisionPercent,
    IReadOnlyDictionary<string, decimal> Fees);
