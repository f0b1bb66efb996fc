using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Practitioners;

namespace Omnirapeutic.Core.Payers;

/// <summary>
/// Everything an admin sets on a payer; without <see cref="CredentialModifiers"/>, the usual HM/HN/HO map,
/// <see cref="RenewalLeadDays"/> before an authorization ends its renewal is due (60 unless set), and whether it bills
/// an RBT's sessions under the client's case supervisor (<see cref="BillsUnderSupervisor"/>, off unless set), its
/// timely-filing limit (<see cref="TimelyFilingDays"/>, 90 unless set) and whether a caregiver signs for each session
/// (<see cref="RequiresCaregiverSignature"/>, off unless set).
/// </summary>
public sealed record PayerTerms(
    string Name,
    UnitRoundingRule RoundingRule,
    IReadOnlyList<CodePair> ConcurrentCodes,
    bool AllowsTelehealth,
    DayOfWeek WeekStartsOn,
    decimal SupervisionPercent,
    IReadOnlyDictionary<string, decimal> Fees,
    IReadOnlyDictionary<Credential, string>? CredentialModifiers = null,
    int RenewalLeadDays = Payer.DefaultRenewalLeadDays,
    bool BillsUnderSupervisor = false,
    int TimelyFilingDays = Payer.DefaultTimelyFilingDays,
    bool RequiresCaregiverSignature = false);
