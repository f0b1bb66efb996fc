using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Core.Supervision;

namespace Omnirapeutic.Core.Calendars;

/// <summary>
/// Practitioners' calendar feeds: a secret, revocable link serving their sessions and the supervision they give or
/// attend as iCalendar (RFC 5545, written with Ical.Net) for Google, Outlook and Apple calendars. A feed leaves the app,
/// so a session carries the client's initials, the code, the place of service and the status, never a name, a birth
/// date or a member id; supervision carries staff names only.
/// </summary>
public sealed class CalendarFeeds(IDbContextFactory<OmnirapeuticDbContext> dbFactory, AppointmentBook book, TimeProvider time)
{
    /// <summary>How far back and ahead a feed reaches (together within the appointment book's 93 days).</summary>
    public static readonly TimeSpan Past = TimeSpan.FromDays(30);

    public static readonly TimeSpan Ahead = TimeSpan.FromDays(60);

    /// <summary>The refusal's code for an account without a practitioner profile.</summary>
    public const string NoPractitionerProfile = "no-practitioner-profile";

    /// <summary>When the signed-in practitioner's current link was made, or null when they have none.</summary>
    public async Task<DateTimeOffset?> CreatedAtAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var practitionerId = await PractitionerOfAsync(db, actor, cancellationToken);
        return await db.CalendarFeeds.Where(f => f.OrganizationId == actor.OrganizationId && f.PractitionerId == practitionerId)
            .Select(f => (DateTimeOffset?)f.CreatedAt).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Makes a new link for the signed-in practitioner, ending the one they had; returns its token.</summary>
    public async Task<string> CreateAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var practitionerId = await PractitionerOfAsync(db, actor, cancellationToken);
        var (feed, token) = CalendarFeed.Create(actor.OrganizationId, practitionerId, time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One row per practitioner: a second click at once replaces the first link instead of failing on the unique index.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO calendar_feeds (token_hash, organization_id, practitioner_id, created_at)
            VALUES ({feed.TokenHash}, {feed.OrganizationId}, {feed.PractitionerId}, {feed.CreatedAt})
            ON CONFLICT (organization_id, practitioner_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
            """,
            cancellationToken);
        db.AuditEvents.Add(new AuditEvent(actor.OrganizationId, actor.UserId, "calendar-feed.create", "practitioner", practitionerId.ToString(), null, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    /// <summary>Turns the signed-in practitioner's link off; their calendar apps get 404 from then on.</summary>
    public async Task RevokeAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var practitionerId = await PractitionerOfAsync(db, actor, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.CalendarFeeds.Where(f => f.OrganizationId == actor.OrganizationId && f.PractitionerId == practitionerId).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            db.AuditEvents.Add(new AuditEvent(actor.OrganizationId, actor.UserId, "calendar-feed.revoke", "practitioner", practitionerId.ToString(), null, time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The feed a token opens, as iCalendar text; null for a token that opens none: never made, replaced, turned off, or
    /// of a practitioner who is no longer active or whose sign-in an admin has locked (an offboarded clinician's link
    /// stops serving at once).
    /// </summary>
    public async Task<string?> RenderAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token.Length is < 40 or > 50)
        {
            return null;
        }

        var hash = CalendarFeed.HashOf(token);
        var now = time.GetUtcNow();
        CalendarFeed? feed;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.TokenHash == hash, cancellationToken);
        }

        if (feed is null)
        {
            return null;
        }

        IReadOnlyList<SupervisionMeetingView> supervision;
        await using (var db = await dbFactory.CreateForOrganizationAsync(feed.OrganizationId, cancellationToken))
        {
            var serves = await db.Practitioners
                .Where(p => p.Id == feed.PractitionerId && p.IsActive)
                .AnyAsync(p => db.Users.Any(u => u.Id == p.UserId && (u.LockoutEnd == null || u.LockoutEnd <= now)), cancellationToken);
            if (!serves)
            {
                return null;
            }

            supervision = await SupervisionMeetings.BusyDuringAsync(db, feed.PractitionerId, now - Past, now + Ahead, cancellationToken);
        }

        var entries = await book.EntriesAsync(feed.OrganizationId, feed.PractitionerId, now - Past, now + Ahead, cancellationToken);
        var calendar = new Calendar { ProductId = "-//Omnirapeutic//Sessions//EN" };
        calendar.AddProperty("X-WR-CALNAME", "Omnirapeutic sessions");
        foreach (var entry in entries.Where(e => e.Appointment.Status is not AppointmentStatus.Cancelled))
        {
            var session = entry.Appointment;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{session.Id}@omnirapeutic",
                DtStart = new CalDateTime(session.Start.UtcDateTime, "UTC"),
                DtEnd = new CalDateTime(session.End.UtcDateTime, "UTC"),
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                Summary = $"{entry.PatientInitials} {entry.ServiceCode}{(session.Status == AppointmentStatus.Scheduled ? string.Empty : $" ({Describe(session.Status)})")}",
                Location = $"Place of service {session.PlaceOfService}",
                Status = session.Status == AppointmentStatus.Scheduled ? EventStatus.Tentative : EventStatus.Confirmed,
            });
        }

        foreach (var meeting in supervision)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{meeting.Id}@omnirapeutic-supervision",
                DtStart = new CalDateTime(meeting.Start.UtcDateTime, "UTC"),
                DtEnd = new CalDateTime(meeting.End.UtcDateTime, "UTC"),
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                Summary = $"{meeting.Title}{(meeting.Status == SupervisionMeetingStatus.Completed ? " (completed)" : string.Empty)}",
                Description = $"Non-billable supervision by {meeting.SupervisorName}",
                Location = meeting.Modality == SupervisionModality.Video ? "Video" : "In person",
                Status = meeting.Status == SupervisionMeetingStatus.Scheduled ? EventStatus.Tentative : EventStatus.Confirmed,
            });
        }

        return new CalendarSerializer().SerializeToString(calendar);
    }

    private static string Describe(AppointmentStatus status) => status == AppointmentStatus.NoShow ? "no-show" : status.ToString().ToLowerInvariant();

    private static async Task<Guid> PractitionerOfAsync(OmnirapeuticDbContext db, Actor actor, CancellationToken cancellationToken) =>
        await db.Practitioners.Where(p => p.UserId == actor.UserId).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.Invalid(NoPractitionerProfile, "Only a practitioner has a calendar feed: this account has no practitioner profile.");
}
