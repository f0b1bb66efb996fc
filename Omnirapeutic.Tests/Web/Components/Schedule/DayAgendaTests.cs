using Bunit;
using MudBlazor.Services;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Web.Components.Pages.Schedule;

namespace Omnirapeutic.Tests.Web.Components.Schedule;

public sealed class DayAgendaTests : BunitContext
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly Wednesday = new(2027, 1, 13);

    public DayAgendaTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Render_ListsOnlyTheDaysSessions_ByStart_WithTimeClientCodePlaceAndStatus()
    {
        var cut = Render(
            Entry(new DateTime(2027, 1, 13, 14, 0, 0), "C.D.", PlaceOfService.Home, AppointmentStatus.Completed),
            Entry(new DateTime(2027, 1, 12, 9, 0, 0), "E.F."),
            Entry(new DateTime(2027, 1, 13, 9, 15, 0), "A.B."),
            Entry(new DateTime(2027, 1, 14, 0, 30, 0), "G.H."));

        var sessions = cut.FindAll("[data-testid=agenda-session]").Select(s => s.TextContent.Replace("Open", string.Empty).Trim()).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.StartsWith("09:15–10:15 · A.B. · 97153", sessions[0], StringComparison.Ordinal);
        Assert.EndsWith("11 Office · Scheduled", sessions[0], StringComparison.Ordinal);
        Assert.StartsWith("14:00–15:00 · C.D. · 97153", sessions[1], StringComparison.Ordinal);
        Assert.EndsWith("12 Home · Completed", sessions[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ADayWithoutSessions_SaysSo()
    {
        var cut = Render(Entry(new DateTime(2027, 1, 12, 9, 0, 0), "E.F."));

        Assert.Empty(cut.FindAll("[data-testid=agenda-session]"));
        Assert.Contains("No sessions this day.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAndBook_RaiseTheSessionAndTheDaysFirstHour()
    {
        var entry = Entry(new DateTime(2027, 1, 13, 9, 15, 0), "A.B.");
        CalendarEntry? opened = null;
        DateTimeOffset? booked = null;
        var cut = Render<DayAgenda>(p => p
            .Add(c => c.Day, Wednesday)
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.Entries, [entry])
            .Add(c => c.OnSessionSelected, e => opened = e)
            .Add(c => c.OnBook, start => booked = start));

        await cut.Find("button[aria-label='Open the 09:15 session of A.B.']").ClickAsync(new());
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Book a session", StringComparison.Ordinal)).ClickAsync(new());

        Assert.Same(entry, opened);
        Assert.Equal(new DateTimeOffset(2027, 1, 13, 7, 0, 0, TimeSpan.FromHours(-5)), booked);
    }

    private IRenderedComponent<DayAgenda> Render(params CalendarEntry[] entries) =>
        Render<DayAgenda>(p => p.Add(c => c.Day, Wednesday).Add(c => c.TimeZone, NewYork).Add(c => c.Entries, entries));

    private static CalendarEntry Entry(DateTime localStart, string initials, string place = PlaceOfService.Office, AppointmentStatus status = AppointmentStatus.Scheduled)
    {
        var start = new DateTimeOffset(localStart, NewYork.GetUtcOffset(localStart)).ToUniversalTime();
        var appointment = new AppointmentView(
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), start, start.AddHours(1), status, 4, place, ["HM"], null, null, null, null);
        return new CalendarEntry(appointment, initials, "97153");
    }
}
