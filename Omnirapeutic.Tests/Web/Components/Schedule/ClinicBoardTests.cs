using Bunit;
using MudBlazor.Services;
using Omnirapeutic.Core.Availability;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;
using Omnirapeutic.Web.Components.Pages.Schedule;

namespace Omnirapeutic.Tests.Web.Components.Schedule;

/// <summary>The clinic board's layouts: a day's column per practitioner on the calendar grid, and a week's row per practitioner.</summary>
public sealed class ClinicBoardTests : BunitContext
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly Day = new(2027, 1, 13);

    private static readonly IReadOnlyList<PractitionerListItem> Team =
        [.. Enumerable.Range(1, 32).Select(i => new PractitionerListItem(Guid.NewGuid(), $"Practitioner {i:00}", $"p{i}@clinic.example", i % 4 == 0 ? Credential.BCBA : Credential.RBT))];

    public ClinicBoardTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void TheDayView_LaysOutAColumnPerPractitioner_AndPlacesEachSessionInItsPractitionersColumnAndRows()
    {
        var entries = new[] { Entry(Team[16], 9, 15, 60), Entry(Team[0], 7, 0, 30), Entry(Team[31], 17, 0, 120) };

        var cut = Grid(Columns(entries));

        Assert.Equal(32, cut.FindAll(".omni-calendar-day").Count);
        Assert.Equal(32 * 48, cut.FindAll("button.omni-calendar-slot").Count);
        Assert.Contains("repeat(32, minmax(9rem, 1fr))", cut.Find(".omni-calendar").GetAttribute("style"), StringComparison.Ordinal);
        var placed = cut.FindAll("[data-testid=calendar-session]").ToDictionary(s => s.GetAttribute("aria-label")!.Split(" with ")[1].Split(',')[0], s => s.GetAttribute("style"));
        Assert.Equal(3, placed.Count);
        Assert.Contains("grid-column: 18; grid-row: 11 / 15", placed["Practitioner 17"], StringComparison.Ordinal);
        Assert.Contains("grid-column: 2; grid-row: 2 / 4", placed["Practitioner 01"], StringComparison.Ordinal);
        Assert.Contains("grid-column: 33; grid-row: 42 / 50", placed["Practitioner 32"], StringComparison.Ordinal);
        Assert.Single(cut.FindAll("button[aria-label='Book Practitioner 05 Wednesday 13 January at 10:30']"));
    }

    [Fact]
    public void ANewSessionInOneColumn_RedrawsThatColumnAlone()
    {
        var existing = Entry(Team[1], 9, 0, 60);
        var cut = Grid(Columns([existing]));
        var before = cut.FindComponents<CalendarColumnCells>().Select(c => c.RenderCount).ToList();

        cut.Render(p => p.Add(c => c.Columns, Columns([existing with { }, Entry(Team[2], 11, 0, 60)])));

        var after = cut.FindComponents<CalendarColumnCells>().Select(c => c.RenderCount).ToList();
        Assert.Equal([.. before.Select((count, i) => i == 2 ? count + 1 : count)], after);
        Assert.Equal(2, cut.FindAll("[data-testid=calendar-session]").Count);
    }

    [Fact]
    public void DroppingASessionOnAnotherPractitionersSlot_OffersTheMoveThere()
    {
        var session = Entry(Team[0], 9, 0, 60);
        CalendarDrop? dropped = null;
        var cut = Grid(Columns([session]), p => p.Add(c => c.OnSessionDropped, (CalendarDrop drop) => dropped = drop));

        cut.Find("[data-testid=calendar-session]").DragStart();
        cut.Find("button[aria-label='Book Practitioner 03 Wednesday 13 January at 14:15']").Drop();

        Assert.Equal(session, dropped!.Entry);
        Assert.Equal((Team[2], new DateTimeOffset(2027, 1, 13, 14, 15, 0, TimeSpan.FromHours(-5))), (dropped.Column.Practitioner, dropped.Start));
    }

    [Fact]
    public void PickingOutAPlace_FadesTheSessionsElsewhere_AndOnlyThem()
    {
        var office = Entry(Team[0], 9, 0, 60);
        var home = Entry(Team[1], 9, 0, 60) is var e ? e with { Appointment = e.Appointment with { PlaceOfService = PlaceOfService.Home } } : null!;

        var all = Grid(Columns([office, home]));
        var picked = Grid(Columns([office, home]), p => p.Add(c => c.Place, PlaceOfService.Home));

        Assert.Empty(all.FindAll(".omni-calendar-elsewhere"));
        var faded = Assert.Single(picked.FindAll(".omni-calendar-elsewhere"));
        Assert.Contains("with Practitioner 01,", faded.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void OverlappingSessionsOfAClientsDay_SitSideBySide_AndOthersTakeTheWholeColumn()
    {
        var grid = Render<WeekCalendar>(p => p
            .Add(c => c.FirstDay, new DateOnly(2027, 1, 11))
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.ShowPractitioner, true)
            .Add(c => c.Entries, [
                Entry(Team[0], 9, 0, 60) with { PractitionerName = "Practitioner 01" },
                Entry(Team[1], 9, 30, 30) with { PractitionerName = "Practitioner 02" },
                Entry(Team[0], 13, 0, 60) with { PractitionerName = "Practitioner 01" }]));

        var styles = grid.FindAll("[data-testid=calendar-session]").Select(s => s.GetAttribute("style")!).ToList();
        Assert.Contains("width: calc(50% - 6px); margin-left: calc(0% + 3px)", styles[0], StringComparison.Ordinal);
        Assert.Contains("width: calc(50% - 6px); margin-left: calc(50% + 3px)", styles[1], StringComparison.Ordinal);
        Assert.DoesNotContain("width", styles[2], StringComparison.Ordinal);
        Assert.Equal(["Practitioner 01", "Practitioner 02", "Practitioner 01"], grid.FindAll("[data-testid=calendar-session]").Select(n => n.GetAttribute("aria-label")!.Split(" with ")[1].Split(',')[0]));
    }

    [Fact]
    public void WithoutADropHandler_SessionsAreNotDraggable()
    {
        var cut = Grid(Columns([Entry(Team[0], 9, 0, 60)]));

        Assert.Equal("false", cut.Find("[data-testid=calendar-session]").GetAttribute("draggable"));
    }

    [Fact]
    public void TheWeekView_HasARowPerPractitioner_WithEachSessionInItsDaysCell_AndBooksAtTheFirstFreeHour()
    {
        var monday = new DateOnly(2027, 1, 11);
        CalendarSlot? booked = null;
        var cut = Render<BoardWeek>(p => p
            .Add(c => c.First, monday)
            .Add(c => c.Practitioners, Team.Take(5).ToList())
            .Add(c => c.Entries, [Entry(Team[3], 7, 0, 60), Entry(Team[3], 8, 0, 30)])
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.OnBook, (CalendarSlot slot) => booked = slot));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(5, rows.Count);
        var cells = rows[3].QuerySelectorAll("td");
        Assert.Equal(7, cells.Length);
        Assert.Equal(2, cells[2].QuerySelectorAll("[data-testid=board-session]").Length);
        Assert.Empty(rows[2].QuerySelectorAll("[data-testid=board-session]"));
        Assert.StartsWith("07:00–08:00 · A.B. · 97153", cells[2].QuerySelector("[data-testid=board-session]")!.TextContent.Trim(), StringComparison.Ordinal);

        cut.Find("button[aria-label='Book Practitioner 04 Wednesday 13 January']").Click();

        Assert.Equal((Team[3], new DateTimeOffset(2027, 1, 13, 8, 30, 0, TimeSpan.FromHours(-5))), (booked!.Column.Practitioner, booked.Start));
    }

    [Fact]
    public void WorkingHoursAndTimeOff_ShadeTheSlotsOutsideThem_OnlyInThatPractitionersColumn()
    {
        var hours = new AvailabilityPlan(
            [WeeklyWindow.Parse(DayOfWeek.Wednesday, "09:00", "17:00")],
            [new Interval(new DateTimeOffset(2027, 1, 13, 12, 0, 0, TimeSpan.FromHours(-5)), new DateTimeOffset(2027, 1, 13, 13, 0, 0, TimeSpan.FromHours(-5)))]);
        var columns = Columns([]);
        columns[1] = columns[1] with { Open = CalendarColumn.OpenOn(hours, Day, NewYork) };

        var cut = Grid(columns);

        var shaded = cut.FindAll("button.omni-calendar-unavailable").Select(b => b.GetAttribute("aria-label")!).ToList();
        Assert.Equal(48 - 28, shaded.Count);
        Assert.All(shaded, label => Assert.StartsWith("Book Practitioner 02 ", label, StringComparison.Ordinal));
        Assert.Contains("Book Practitioner 02 Wednesday 13 January at 08:45, outside availability", shaded);
        Assert.Contains("Book Practitioner 02 Wednesday 13 January at 12:30, outside availability", shaded);
        Assert.DoesNotContain(shaded, label => label.Contains("at 09:00", StringComparison.Ordinal) || label.Contains("at 16:45", StringComparison.Ordinal));
    }

    [Fact]
    public void TheWeekView_ShadesADayWithoutWorkingHours_AndBooksAtTheFirstAvailableFreeHour()
    {
        var monday = new DateOnly(2027, 1, 11);
        CalendarSlot? booked = null;
        var plans = new AvailabilityPlans(
            new Dictionary<Guid, AvailabilityPlan> { [Team[0].Id] = new([WeeklyWindow.Parse(DayOfWeek.Wednesday, "13:00", "17:00")], []) },
            new Dictionary<Guid, AvailabilityPlan>());
        var cut = Render<BoardWeek>(p => p
            .Add(c => c.First, monday)
            .Add(c => c.Practitioners, Team.Take(2).ToList())
            .Add(c => c.Entries, [])
            .Add(c => c.Availability, plans)
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.OnBook, (CalendarSlot slot) => booked = slot));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(6, rows[0].QuerySelectorAll("td.omni-calendar-unavailable").Length);
        Assert.Empty(rows[1].QuerySelectorAll("td.omni-calendar-unavailable"));

        cut.Find("button[aria-label='Book Practitioner 01 Wednesday 13 January']").Click();

        Assert.Equal(new DateTimeOffset(2027, 1, 13, 13, 0, 0, TimeSpan.FromHours(-5)), booked!.Start);
    }

    [Fact]
    public void AnObservationOnAClientsWeek_SitsBesideTheSessionItObserves()
    {
        var session = Entry(Team[0], 9, 0, 120);
        var observation = Meeting(SupervisionKind.Observation, Team[3], [Team[0]], 9, 30, 30);

        var grid = Render<WeekCalendar>(p => p
            .Add(c => c.FirstDay, new DateOnly(2027, 1, 11))
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.Entries, [session])
            .Add(c => c.Supervision, [observation]));

        var block = grid.Find("[data-testid=calendar-supervision]");
        Assert.Contains("width: calc(50% - 6px); margin-left: calc(50% + 3px)", block.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("width: calc(50% - 6px); margin-left: calc(0% + 3px)", grid.Find("[data-testid=calendar-session]").GetAttribute("style"), StringComparison.Ordinal);
        Assert.StartsWith("Observation of Practitioner 01 09:30–10:00: non-billable supervision by Practitioner 04", block.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheWeekView_DrawsAMeetingInTheRowsOfItsPeople_AndBooksAroundIt()
    {
        CalendarSlot? booked = null;
        var meeting = Meeting(SupervisionKind.Meeting, Team[3], [Team[0], Team[1]], 7, 0, 60);
        var cut = Render<BoardWeek>(p => p
            .Add(c => c.First, new DateOnly(2027, 1, 11))
            .Add(c => c.Practitioners, Team.Take(4).ToList())
            .Add(c => c.Entries, [])
            .Add(c => c.Supervision, [meeting])
            .Add(c => c.TimeZone, NewYork)
            .Add(c => c.OnBook, (CalendarSlot slot) => booked = slot));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal([1, 1, 0, 1], rows.Select(r => r.QuerySelectorAll("td")[2].QuerySelectorAll("[data-testid=board-supervision]").Length));
        Assert.Equal("07:00–08:00 · Group supervision (2 RBTs)", rows[0].QuerySelector("[data-testid=board-supervision]")!.TextContent.Trim());

        cut.Find("button[aria-label='Book Practitioner 01 Wednesday 13 January']").Click();

        Assert.Equal(new DateTimeOffset(2027, 1, 13, 8, 0, 0, TimeSpan.FromHours(-5)), booked!.Start);
    }

    private IRenderedComponent<CalendarGrid> Grid(List<CalendarColumn> columns, Action<ComponentParameterCollectionBuilder<CalendarGrid>>? more = null) =>
        Render<CalendarGrid>(p =>
        {
            p.Add(c => c.Columns, columns).Add(c => c.Label, "Board").Add(c => c.TimeZone, NewYork).Add(c => c.ColumnMinWidth, "9rem");
            more?.Invoke(p);
        });

    private static List<CalendarColumn> Columns(IReadOnlyList<CalendarEntry> entries) =>
        [.. Team.Select(p => new CalendarColumn(p.Name, Day, [.. entries.Where(e => e.Appointment.PractitionerId == p.Id)], p))];

    private static SupervisionMeetingView Meeting(SupervisionKind kind, PractitionerListItem supervisor, IReadOnlyList<PractitionerListItem> rbts, int hour, int minute, int minutes)
    {
        var start = new DateTimeOffset(Day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(-5));
        return new SupervisionMeetingView(
            Guid.NewGuid(), kind, supervisor.Id, supervisor.Name, [.. rbts.Select(r => new MeetingAttendee(r.Id, r.Name))], SupervisionModality.InPerson,
            start, start.AddMinutes(minutes), kind == SupervisionKind.Observation ? Guid.NewGuid() : null, SupervisionMeetingStatus.Scheduled);
    }

    private static CalendarEntry Entry(PractitionerListItem practitioner, int hour, int minute, int minutes)
    {
        var start = new DateTimeOffset(Day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(-5));
        var appointment = new AppointmentView(
            Guid.NewGuid(), Guid.NewGuid(), practitioner.Id, Guid.NewGuid(), start, start.AddMinutes(minutes), AppointmentStatus.Scheduled, minutes / 15, PlaceOfService.Office, ["HM"], null, null, null, null);
        return new CalendarEntry(appointment, "A.B.", "97153");
    }
}
