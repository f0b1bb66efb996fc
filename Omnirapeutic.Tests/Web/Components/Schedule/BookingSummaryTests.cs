using Bunit;
using MudBlazor.Services;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Pages.Schedule;

namespace Omnirapeutic.Tests.Web.Components.Schedule;

public sealed class BookingSummaryTests : BunitContext
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 14, 0, 0, TimeSpan.Zero);

    public BookingSummaryTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void APreview_ShowsEachLimitedPeriodBeforeAndAfter_AndTheLimitsRefusal()
    {
        var preview = new BookingPreview(
            Start, Start.AddHours(2), Guid.NewGuid(), Guid.NewGuid(), 8, PlaceOfService.Office, ["HM"], 500, 500,
            [new PeriodUse(PeriodKind.Day, new DateOnly(2026, 12, 8), 8, 16, 32), new PeriodUse(PeriodKind.Week, new DateOnly(2026, 12, 6), 156, 164, 160)],
            [new SchedulingConflict("limit-exceeded", "week of 2026-12-06: 156 of 160 units used or scheduled; this session needs 8.")],
            []);

        var cut = Render<BookingSummary>(p => p.Add(s => s.Single, preview).Add(s => s.TimeZone, TimeZoneInfo.Utc));

        Assert.Equal(
            ["2026-12-08: 8 → 16 of 32", "week of 2026-12-06: 156 → 164 of 160"],
            cut.FindAll("[data-testid=booking-period]").Select(p => p.TextContent.Trim()));
        Assert.Contains("mud-error-text", cut.FindAll("[data-testid=booking-period]")[1].ClassName, StringComparison.Ordinal);
        Assert.Contains("this session needs 8", cut.Find(".mud-alert").TextContent, StringComparison.Ordinal);
    }
}
