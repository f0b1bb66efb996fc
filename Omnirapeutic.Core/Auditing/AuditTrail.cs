using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Organizations;

namespace Omnirapeutic.Core.Auditing;

/// <summary>The organization's audit trail for its admins: searched and paged in the database, exported with the export itself audited.</summary>
public sealed class AuditTrail(IDbContextFactory<OmnirapeuticDbContext> dbFactory, TimeProvider time)
{
    public async Task<AuditEventPage> SearchAsync(Guid organizationId, AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (query.PageSize is < 1 or > AuditQuery.MaxPageSize || query.Page < 0)
        {
            throw DomainException.Invalid("invalid-page", $"Pages hold 1 to {AuditQuery.MaxPageSize} events and are numbered from 0.");
        }

        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var events = await FilterAsync(db, organizationId, query, cancellationToken);
        var total = await events.CountAsync(cancellationToken);
        var items = await Project(db, events.Skip(query.Page * query.PageSize).Take(query.PageSize)).ToListAsync(cancellationToken);
        return new AuditEventPage(items, total);
    }

    /// <summary>Every event that matches, newest first, read as it is written out (paging does not apply).</summary>
    public async IAsyncEnumerable<AuditEntry> ExportAsync(Guid organizationId, AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(organizationId, cancellationToken);
        var events = await FilterAsync(db, organizationId, query, cancellationToken);
        await foreach (var entry in Project(db, events).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    /// <summary>Records that <paramref name="actor"/> exported <paramref name="rows"/> events with these filters (null: the export broke off).</summary>
    public async Task RecordExportAsync(Actor actor, AuditQuery query, int? rows, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateForOrganizationAsync(actor.OrganizationId, cancellationToken);
        var filters = new { userId = query.UserId, patientId = query.PatientId, kind = query.Kind?.ToString(), action = query.Action, from = query.From, to = query.To };
        db.AuditEvents.Add(new AuditEvent(
            AuditEventKind.Access, actor.OrganizationId, actor.UserId, "audit.export", "audit-trail", string.Empty,
            JsonSerializer.Serialize(new { rows, filters }), time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<IQueryable<AuditEvent>> FilterAsync(OmnirapeuticDbContext db, Guid organizationId, AuditQuery query, CancellationToken cancellationToken)
    {
        query.EnsureValid();
        var events = db.AuditEvents.AsNoTracking();
        if (query.UserId is { } userId)
        {
            events = events.Where(e => e.ActorUserId == userId);
        }

        if (query.Kind is { } kind)
        {
            events = events.Where(e => e.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim().ToLowerInvariant();
            events = action.EndsWith('.') ? events.Where(e => e.Action.StartsWith(action)) : events.Where(e => e.Action == action);
        }

        if (query.PatientId is { } patientId)
        {
            // Events name the record they are about; a client's are theirs, their authorizations' and their sessions'.
            var id = patientId.ToString();
            var authorizations = db.Authorizations.Where(a => a.PatientId == patientId).Select(a => a.Id.ToString());
            var sessions = db.Appointments.Where(a => a.PatientId == patientId).Select(a => a.Id.ToString());
            events = events.Where(e =>
                (e.EntityType == "patient" && e.EntityId == id)
                || (e.EntityType == "authorization" && authorizations.Contains(e.EntityId))
                || (e.EntityType == "appointment" && sessions.Contains(e.EntityId)));
        }

        if (query.From is not null || query.To is not null)
        {
            var timeZoneId = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.TimeZoneId).SingleAsync(cancellationToken);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
            if (query.From is { } from)
            {
                var start = LocalClock.ToInstant(zone, from, 0);
                events = events.Where(e => e.OccurredAt >= start);
            }

            if (query.To is { } to)
            {
                var end = LocalClock.ToInstant(zone, to, 1440);
                events = events.Where(e => e.OccurredAt < end);
            }
        }

        return events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
    }

    private static IQueryable<AuditEntry> Project(OmnirapeuticDbContext db, IQueryable<AuditEvent> events) =>
        events.Select(e => new AuditEntry(
            e.Id,
            e.OccurredAt,
            e.Kind,
            e.ActorUserId,
            db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.DisplayName).FirstOrDefault(),
            e.Action,
            e.EntityType,
            e.EntityId,
            e.Details));
}
