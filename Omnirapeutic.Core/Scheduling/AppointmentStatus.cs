namespace Omnirapeutic.Core.Scheduling;

/// <remarks>New states go at the end: an idempotent answer saved before one was added may hold a state by its number.</remarks>
public enum AppointmentStatus
{
    Scheduled,
    Completed,

    /// <summary>Completed, and its note signed by the rendering practitioner.</summary>
    Documented,

    Cancelled,
    NoShow,

    /// <summary>Documented, and checked by an admin or the client's case supervisor (never its own practitioner): ready to bill.</summary>
    Verified,

    /// <summary>Verified, and a line of a claim batch that is not voided.</summary>
    Billed,
}

public static class AppointmentStatusExtensions
{
    /// <summary>
    /// Scheduled or rendered: the session holds its practitioner's and client's time. The database's overlap rules read
    /// the same predicate: <c>status NOT IN ('Cancelled', 'NoShow')</c>.
    /// </summary>
    public static bool HoldsTime(this AppointmentStatus status) => status is not (AppointmentStatus.Cancelled or AppointmentStatus.NoShow);

    /// <summary>Completed, or further on the way to a claim (documented, verified, billed): its units are consumed and its note is due.</summary>
    public static bool IsRendered(this AppointmentStatus status) => status.HoldsTime() && status != AppointmentStatus.Scheduled;
}
