using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Organizations;

public sealed class OrganizationAdministrationTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _admin = null!;

    private OrganizationAdministration Administration => _core.Get<OrganizationAdministration>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_admin, _) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task GetSettings_OfANewOrganization_AreTheDefaults()
    {
        var settings = await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct);

        Assert.Equal(new OrganizationSettings("America/New_York", UnitRoundingRule.Midpoint, 20, 30), settings);
    }

    [Fact]
    public async Task ChangeSettings_WithValidValues_SavesThemAndAuditsBeforeAndAfter()
    {
        var wanted = new OrganizationSettings("Europe/Berlin", UnitRoundingRule.Full15, 0, 365);

        var saved = await Administration.ChangeSettingsAsync(_admin, wanted, Ct);

        Assert.Equal(wanted, saved);
        Assert.Equal(wanted, await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct));
        await using var db = await ContextAsync();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "organization.change-settings", Ct);
        Assert.Equal((_admin.UserId, _admin.OrganizationId.ToString()), (audit.ActorUserId, audit.EntityId));
        using var details = JsonDocument.Parse(audit.Details!);
        var before = details.RootElement.GetProperty("before");
        var after = details.RootElement.GetProperty("after");
        Assert.Equal(("America/New_York", "Midpoint", 20), (before.GetProperty("timeZoneId").GetString(), before.GetProperty("roundingRule").GetString(), before.GetProperty("lowBalanceThresholdPercent").GetInt32()));
        Assert.Equal(("Europe/Berlin", "Full15", 365), (after.GetProperty("timeZoneId").GetString(), after.GetProperty("roundingRule").GetString(), after.GetProperty("expiryAlertDays").GetInt32()));
    }

    [Theory]
    [InlineData("Eastern Standard Time", UnitRoundingRule.Midpoint, 20, 30, "invalid-time-zone")]
    [InlineData("Mars/Olympus_Mons", UnitRoundingRule.Midpoint, 20, 30, "invalid-time-zone")]
    [InlineData("", UnitRoundingRule.Midpoint, 20, 30, "invalid-time-zone")]
    [InlineData("America/Chicago", (UnitRoundingRule)7, 20, 30, "invalid-rounding-rule")]
    [InlineData("America/Chicago", UnitRoundingRule.Cms8Minute, -1, 30, "invalid-low-balance-threshold")]
    [InlineData("America/Chicago", UnitRoundingRule.Cms8Minute, 101, 30, "invalid-low-balance-threshold")]
    [InlineData("America/Chicago", UnitRoundingRule.Cms8Minute, 20, -1, "invalid-expiry-alert-days")]
    [InlineData("America/Chicago", UnitRoundingRule.Cms8Minute, 20, 366, "invalid-expiry-alert-days")]
    public async Task ChangeSettings_WithAnInvalidValue_IsRefusedAndChangesNothing(string timeZoneId, UnitRoundingRule rule, int percent, int days, string code)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Administration.ChangeSettingsAsync(_admin, new OrganizationSettings(timeZoneId, rule, percent, days), Ct));

        Assert.Equal((code, DomainErrorKind.Invalid), (refusal.Code, refusal.Kind));
        Assert.Equal(
            new OrganizationSettings("America/New_York", UnitRoundingRule.Midpoint, 20, 30),
            await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct));
        await using var db = await ContextAsync();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == "organization.change-settings", Ct));
    }

    [Theory]
    [InlineData(0, 24)]
    [InlineData(6, 20)]
    [InlineData(23, 24)]
    public async Task ChangeSettings_CalendarHours_AreSavedAndShownInTheSummary(int start, int end)
    {
        await Administration.ChangeSettingsAsync(_admin, new OrganizationSettings("America/New_York", UnitRoundingRule.Midpoint, 20, 30, CalendarStartHour: start, CalendarEndHour: end), Ct);

        var summary = await _core.Get<OrganizationDirectory>().GetSummaryAsync(_admin.OrganizationId, Ct);
        Assert.Equal((start, end), (summary.CalendarStartHour, summary.CalendarEndHour));
    }

    [Theory]
    [InlineData(-1, 19)]
    [InlineData(7, 25)]
    [InlineData(12, 12)]
    [InlineData(19, 7)]
    public async Task ChangeSettings_CalendarHoursThatShowNothing_AreRefusedAndChangeNothing(int start, int end)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Administration.ChangeSettingsAsync(
            _admin, new OrganizationSettings("America/New_York", UnitRoundingRule.Midpoint, 20, 30, CalendarStartHour: start, CalendarEndHour: end), Ct));

        Assert.Equal("invalid-calendar-hours", refusal.Code);
        var settings = await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct);
        Assert.Equal((7, 19), (settings.CalendarStartHour, settings.CalendarEndHour));
    }

    [Fact]
    public async Task TheDatabase_RefusesCalendarHoursThatShowNothing()
    {
        await using var db = await ContextAsync();

        var refusal = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync(
            "UPDATE organizations SET calendar_start_hour = 20, calendar_end_hour = 8 WHERE id = {0}", [_admin.OrganizationId], Ct));

        Assert.Equal(("23514", "ck_organizations_calendar_hours"), (refusal.SqlState, refusal.ConstraintName));
    }

    [Fact]
    public async Task ChangeSettings_WeeksStartingOnSunday_AreSavedAndShownInTheSummary()
    {
        await Administration.ChangeSettingsAsync(
            _admin, new OrganizationSettings("America/New_York", UnitRoundingRule.Midpoint, 20, 30, CalendarWeekStartsOn: DayOfWeek.Sunday), Ct);

        var summary = await _core.Get<OrganizationDirectory>().GetSummaryAsync(_admin.OrganizationId, Ct);
        Assert.Equal(DayOfWeek.Sunday, summary.CalendarWeekStartsOn);
    }

    [Theory]
    [InlineData(DayOfWeek.Wednesday)]
    [InlineData((DayOfWeek)9)]
    public async Task ChangeSettings_WeeksStartingOnAnotherDay_AreRefusedAndChangeNothing(DayOfWeek day)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Administration.ChangeSettingsAsync(
            _admin, new OrganizationSettings("America/New_York", UnitRoundingRule.Midpoint, 20, 30, CalendarWeekStartsOn: day), Ct));

        Assert.Equal("invalid-week-start", refusal.Code);
        Assert.Equal(DayOfWeek.Monday, (await _core.Get<OrganizationDirectory>().GetSettingsAsync(_admin.OrganizationId, Ct)).CalendarWeekStartsOn);
    }

    [Fact]
    public async Task TheDatabase_RefusesAWeekStartingMidweek()
    {
        await using var db = await ContextAsync();

        var refusal = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync(
            "UPDATE organizations SET calendar_week_starts_on = 'Wednesday' WHERE id = {0}", [_admin.OrganizationId], Ct));

        Assert.Equal(("23514", "ck_organizations_calendar_week_starts_on"), (refusal.SqlState, refusal.ConstraintName));
    }

    [Theory]
    [InlineData("2027-01-13", DayOfWeek.Monday, "2027-01-11")]
    [InlineData("2027-01-13", DayOfWeek.Sunday, "2027-01-10")]
    [InlineData("2027-01-10", DayOfWeek.Monday, "2027-01-04")]
    [InlineData("2027-01-10", DayOfWeek.Sunday, "2027-01-10")]
    [InlineData("2027-01-11", DayOfWeek.Monday, "2027-01-11")]
    public void FirstDayOfWeek_IsTheLatestStartDayOnOrBeforeTheDay(string day, DayOfWeek startsOn, string first) =>
        Assert.Equal(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), Organization.FirstDayOfWeek(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), startsOn));

    [Fact]
    public async Task ChangeSettings_OfOneOrganization_LeavesAnotherAlone()
    {
        var (other, _) = await _core.AddClinicAsync();

        await Administration.ChangeSettingsAsync(_admin, new OrganizationSettings("America/Denver", UnitRoundingRule.Cms8Minute, 10, 14), Ct);

        Assert.Equal("America/New_York", (await _core.Get<OrganizationDirectory>().GetSettingsAsync(other.OrganizationId, Ct)).TimeZoneId);
    }

    [Fact]
    public void IanaTimeZones_ListsIanaIdsOnlyAndFindsByPartOfTheId()
    {
        Assert.Contains("America/New_York", IanaTimeZones.All);
        Assert.DoesNotContain("Eastern Standard Time", IanaTimeZones.All);
        Assert.All(IanaTimeZones.Search("new_y"), id => Assert.Contains("New_Y", id, StringComparison.Ordinal));
        Assert.Contains("America/New_York", IanaTimeZones.Search("new_y"));
    }

    private async Task<OmnirapeuticDbContext> ContextAsync() =>
        await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_admin.OrganizationId, Ct);
}
