namespace Omnirapeutic.Core.Authorizations;

/// <summary>The periods a payer limits units by.</summary>
public enum PeriodKind
{
    Day,
    Week,
    Month,
}
