namespace Omnirapeutic.Core.Authorizations;

/// <summary>
/// The units a payer lets an authorization hold (used + scheduled) per day, per week and per calendar month, on top of
/// its total; each optional. Days, weeks and months are the organization's local dates; weeks start on the payer's day.
/// </summary>
public sealed record UnitLimits(int? PerDay = null, int? PerWeek = null, int? PerMonth = null)
{
    public static readonly UnitLimits None = new();

    public bool IsNone => PerDay is null && PerWeek is null && PerMonth is null;

    public int? For(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => PerDay,
        PeriodKind.Week => PerWeek,
        PeriodKind.Month => PerMonth,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    internal void Validate()
    {
        foreach (var kind in Enum.GetValues<PeriodKind>())
        {
            if (For(kind) is { } limit && limit is < 1 or > Authorization.MaxTotalUnits)
            {
                throw DomainException.Invalid(
                    "invalid-limits", $"A limit per {kind.ToString().ToLowerInvariant()} is from 1 to {Authorization.MaxTotalUnits:N0} units; {limit} is outside that.");
            }
        }
    }
}
