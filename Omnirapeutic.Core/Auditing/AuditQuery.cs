using Omnirapeutic.Core.Scheduling;

namespace Omnirapeutic.Core.Auditing;

/// <summary>A search of the organization's audit trail, newest first. Filters combine (all must hold).</summary>
public sealed record AuditQuery
{
    public const int MaxPageSize = 200;

    /// <summary>Events by this user.</summary>
    public Guid? UserId { get; init; }

    /// <summary>Events about this client: their record, their authorizations and their sessions.</summary>
    public Guid? PatientId { get; init; }

    public AuditEventKind? Kind { get; init; }

    /// <summary>An action (<c>appointment.book</c>) or the start of one (<c>appointment.</c>).</summary>
    public string? Action { get; init; }

    /// <summary>First day, in the organization's time zone.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day (inclusive), in the organization's time zone.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Zero-based page number.</summary>
    public int Page { get; init; }

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Refuses days outside the calendar or a first day after the last, before anything is read or written.</summary>
    public void EnsureValid()
    {
        foreach (var day in new[] { From, To })
        {
            if (day is { } date)
            {
                ServiceDateRange.EnsureContains(date);
            }
        }

        if (Action?.Trim().Length > 100)
        {
            throw DomainException.Invalid("invalid-action", "An action is at most 100 characters.");
        }

        if (From > To)
        {
            throw DomainException.Invalid("invalid-range", "The first day comes after the last.");
        }
    }
}
