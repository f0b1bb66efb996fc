using Bunit;
using MudBlazor.Services;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Pages.Schedule;

namespace Omnirapeutic.Tests.Web.Components.Schedule;

public sealed class WeekCalendarTests : BunitContext
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly Monday = new(2027, 1, 11);

    public WeekCalendarTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_ASessionFrom0915To1015_SpansItsFourRowsInItsDaysColumn()
    {
        var cut = Render(Entry(new DateTime(2027, 1, 13, 9, 15, 0), minutes: 60));

        var session = cut.Find("[data-testid=calendar-session]");
        Assert.Contains("grid-column: 4", session.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("grid-row: 11 / 15", session.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("A.B. · 97153", session.TextContent, StringComparison.Ordinal);
        Assert.Contains("09:15–10:15", session.TextContent, StringComparison.Ordinal);
        Assert.Equal("Office", session.QuerySelector("[data-testid=calendar-place]")!.TextContent);
        Assert.EndsWith("4 units, place of service 11 Office", session.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuthorizationStatus.Active, null)]
    [InlineData(AuthorizationStatus.Requested, "pending authorization")]
    [InlineData(AuthorizationStatus.Denied, "no authorization")]
    public void Render_ASessionOnAnAuthorizationNotApproved_IsFlagged(AuthorizationStatus status, string? flag)
    {
        var cut = Render(Entry(new DateTime(2027, 1, 13, 9, 15, 0), minutes: 60) with { AuthorizationStatus = status });

        var session = cut.Find("[data-testid=calendar-session]");
        Assert.Equal(flag, session.QuerySelector("[data-testid=calendar-flag]")?.TextContent);
        Assert.Equal(flag is not null, session.GetAttribute("aria-label")!.EndsWith($", {flag}", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SessionsOfAnotherWeek_AreAbsent()
    {
        var cut = Render(Entry(new DateTime(2027, 1, 10, 9, 0, 0), 60), Entry(new DateTime(2027, 1, 18, 9, 0, 0), 60), Entry(new DateTime(2027, 1, 17, 18, 0, 0), 60));

        var session = Assert.Single(cut.FindAll("[data-testid=calendar-session]"));
        Assert.Contains("grid-column: 8", session.GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShowsSevenDaysOf48QuarterHourSlots()
    {
        var cut = Render();

        Assert.Equal(7 * 48, cut.FindAll("button.omni-calendar-slot").Count);
        Assert.Equal(["Mon 11 Jan", "Tue 12 Jan", "Wed 13 Jan", "Thu 14 Jan", "Fri 15 Jan", "Sat 16 Jan", "Sun 17 Jan"], cut.FindAll(".omni-calendar-day").Select(d => d.TextContent.Trim()));
    }

    [Fact]
    public void OrganizationHoursFrom6To20_Show56SlotsFrom0600_AndPlaceASessionByThoseHours()
    {
        var cut = Render<WeekCalendar>(p => p
            .Add(c => c.FirstDay, Monday)
            .Add(c => c.FirstHour, 6)
            .Add(c => c.EndHour, 20)
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.Entries, [Entry(new DateTime(2027, 1, 13, 6, 30, 0), 60)]));

        Assert.Equal(7 * 56, cut.FindAll("button.omni-calendar-slot").Count);
        Assert.Equal("06:00", cut.FindAll(".omni-calendar-hour")[0].TextContent.Trim());
        Assert.Equal("19:00", cut.FindAll(".omni-calendar-hour")[^1].TextContent.Trim());
        Assert.Single(cut.FindAll("button[aria-label='Book Wednesday 13 January at 19:45']"));
        Assert.Contains("grid-row: 4 / 8", cut.Find("[data-testid=calendar-session]").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheHourTheClocksSkip_HasNoSlotToBook()
    {
        var cut = Render<WeekCalendar>(p => p
            .Add(c => c.FirstDay, new DateOnly(2027, 3, 8))
            .Add(c => c.FirstHour, 0)
            .Add(c => c.EndHour, 24)
            .Add(c => c.TimeZone, NewYork));

        Assert.Empty(cut.FindAll("button[aria-label^='Book Sunday 14 March at 02:']"));
        Assert.Equal(4, cut.FindAll(".omni-calendar-gap").Count);
        Assert.Single(cut.FindAll("button[aria-label='Book Sunday 14 March at 03:00']"));
        Assert.Single(cut.FindAll("button[aria-label='Book Saturday 13 March at 02:15']"));
    }

    [Fact]
    public void ASessionBeforeTheFirstHour_SitsOnTheFirstRow_NotTheLast()
    {
        var cut = Render(Entry(new DateTime(2027, 1, 13, 6, 0, 0), 30));

        Assert.Contains("grid-row: 2 / 3", cut.Find("[data-testid=calendar-session]").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void ClickingAnEmptySlot_OffersItsLocalTime()
    {
        DateTimeOffset? offered = null;
        var cut = Render<WeekCalendar>(p => p
            .Add(c => c.FirstDay, Monday)
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.OnSlotSelected, (DateTimeOffset start) => offered = start));

        cut.Find("button[aria-label='Book Thursday 14 January at 15:45']").Click();

        Assert.Equal(new DateTimeOffset(2027, 1, 14, 15, 45, 0, TimeSpan.FromHours(-5)), offered);
    }

    [Fact]
    public void SingleDay_ShowsOnlyThatDay()
    {
        var cut = Render<WeekCalendar>(p => p
            .Add(c => c.FirstDay, Monday)
            .Add(c => c.SingleDay, Monday.AddDays(2))
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.Entries, [Entry(new DateTime(2027, 1, 13, 9, 15, 0), 60), Entry(new DateTime(2027, 1, 12, 9, 15, 0), 60)]));

        Assert.Equal(48, cut.FindAll("button.omni-calendar-slot").Count);
        Assert.Single(cut.FindAll("[data-testid=calendar-session]"));
    }

    private IRenderedComponent<WeekCalendar> Render(params CalendarEntry[] entries) =>
        Render<WeekCalendar>(p => p.Add(c => c.FirstDay, Monday).Add(c => c.TimeZone, NewYork).Add(c => c.Entries, entries));

    private static CalendarEntry Entry(DateTime localStart, int minutes)
    {
        var start = new DateTimeOffset(localStart, NewYork.GetUtcOffset(localStart)).ToUniversalTime();
        var appointment = new AppointmentView(
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), start, start.AddMinutes(minutes), AppointmentStatus.Scheduled, minutes / 15, PlaceOfService.Office, ["HM"], null, null, null, null);
        return new CalendarEntry(appointment, "A.B.", "97153");
    }
}
