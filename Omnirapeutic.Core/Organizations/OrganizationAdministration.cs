using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Lane;

namespace Omnirapeutic.Core.Organizations;

/// <summary>Changes an organization's own settings (admins), audited with the values before and after.</summary>
public sealed class OrganizationAdministration(OrganizationLane lane)
{
    /// <summary>
    /// Saves new settings on the organization's lane, in a transaction of their own: a new time zone moves every
    /// scheduled session whose local date changes onto its new date's day, week and month (refused, naming the session
    /// and the period, when one would pass a limit or leave its authorization's dates), and every change after it reads
    /// the organization's dates in the new zone.
    /// </summary>
    public Task<OrganizationSettings> ChangeSettingsAsync(Actor actor, OrganizationSettings settings, CancellationToken cancellationToken = default) =>
        lane.RunAsync(
            new LaneCommand<OrganizationSettings>(actor, "settings", null, _ => { }, async (batch, ct) =>
            {
                var organization = await batch.Db.Organizations.SingleOrDefaultAsync(o => o.Id == actor.OrganizationId, ct)
                    ?? throw DomainException.NotFound("organization");
                var before = OrganizationSettings.Of(organization);
                organization.ChangeSettings(
                    settings.TimeZoneId, settings.RoundingRule, settings.LowBalanceThresholdPercent, settings.ExpiryAlertDays, settings.AllowSchedulingOnRequested,
                    settings.RequestedFollowUpDays, settings.CalendarStartHour, settings.CalendarEndHour, settings.CalendarWeekStartsOn);
                var after = OrganizationSettings.Of(organization);
                var moved = after.TimeZoneId == before.TimeZoneId ? 0 : await batch.RedateSessionsAsync(TimeZoneInfo.FindSystemTimeZoneById(after.TimeZoneId), ct);
                batch.Changing();
                batch.Audit("organization.change-settings", "organization", organization.Id, new { before = Describe(before), after = Describe(after), sessionsRedated = moved });
                return after;
            }, runsAlone: true),
            cancellationToken);

    private static object Describe(OrganizationSettings settings) => new
    {
        timeZoneId = settings.TimeZoneId,
        roundingRule = settings.RoundingRule.ToString(),
        lowBalanceThresholdPercent = settings.LowBalanceThresholdPercent,
        expiryAlertDays = settings.ExpiryAlertDays,
        allowSchedulingOnRequested = settings.AllowSchedulingOnRequested,
        requestedFollowUpDays = settings.RequestedFollowUpDays,
        calendarStartHour = settings.CalendarStartHour,
        calendarEndHour = settings.CalendarEndHour,
        calendarWeekStartsOn = settings.CalendarWeekStartsOn.ToString(),
    };
}
