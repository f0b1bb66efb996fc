using Omnirapeutic.Core;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Tests.Scheduling;

public sealed class UnitCalculatorTests
{
    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(7, 0, 0, 0)]
    [InlineData(8, 1, 1, 0)]
    [InlineData(14, 1, 1, 0)]
    [InlineData(15, 1, 1, 1)]
    [InlineData(22, 1, 1, 1)]
    [InlineData(23, 2, 2, 1)]
    [InlineData(29, 2, 2, 1)]
    [InlineData(30, 2, 2, 2)]
    [InlineData(37, 2, 2, 2)]
    [InlineData(38, 3, 3, 2)]
    [InlineData(45, 3, 3, 3)]
    [InlineData(52, 3, 3, 3)]
    [InlineData(53, 4, 4, 3)]
    [InlineData(60, 4, 4, 4)]
    [InlineData(61, 4, 4, 4)]
    [InlineData(67, 4, 4, 4)]
    [InlineData(68, 5, 5, 4)]
    [InlineData(120, 8, 8, 8)]
    [InlineData(180, 12, 12, 12)]
    public void Units_ForADuration_FollowTheOrganizationsRule(int minutes, int midpoint, int cms, int full15)
    {
        Assert.Equal(midpoint, UnitCalculator.Units(minutes, UnitRoundingRule.Midpoint));
        Assert.Equal(cms, UnitCalculator.Units(minutes, UnitRoundingRule.Cms8Minute));
        Assert.Equal(full15, UnitCalculator.Units(minutes, UnitRoundingRule.Full15));
    }

    [Fact]
    public void Units_ForANegativeDuration_IsInvalid()
    {
        var refusal = Assert.Throws<DomainException>(() => UnitCalculator.Units(-1, UnitRoundingRule.Midpoint));

        Assert.Equal("invalid-times", refusal.Code);
    }

    [Fact]
    public void Units_BetweenTwoInstants_CountsWholeMinutes()
    {
        var start = new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(1, UnitCalculator.Units(start, start.AddMinutes(22).AddSeconds(59), UnitRoundingRule.Midpoint));
        Assert.Equal(2, UnitCalculator.Units(start, start.AddMinutes(23), UnitRoundingRule.Midpoint));
    }
}
