namespace Omnirapeutic.Core.Authorizations;

/// <summary>A limited period a change falls in: the units it holds before and after the change, against its limit.</summary>
public sealed record PeriodUse(PeriodKind Kind, DateOnly StartsOn, int Before, int After, int Limit)
{
    public string Period => UnitPeriod.Describe(Kind, StartsOn);

    public bool Exceeded => After > Limit;
}
