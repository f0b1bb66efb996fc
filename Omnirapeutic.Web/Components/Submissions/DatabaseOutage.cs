using Npgsql;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Web.Components.Submissions;

/// <summary>What a person is told when the database failed a page or a form, whichever way the failure arrived.</summary>
public static class DatabaseOutage
{
    public const string NothingSaved = "The database is unavailable; nothing was saved.";

    public const string MaybeSaved = "The connection broke while saving; the change may have been saved. Check before retrying.";

    /// <summary>
    /// The message for a failure of the database, or null for any other failure. Writes arrive as
    /// <see cref="DatabaseUnavailableException"/>, which knows whether a commit was interrupted; reads and Identity's
    /// writes arrive as Npgsql's own transient errors, possibly wrapped (by EF Core), so the chain is walked.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DatabaseUnavailableException { OutcomeUnknown: true }:
                    return MaybeSaved;
                case DatabaseUnavailableException or NpgsqlException { IsTransient: true }:
                    return NothingSaved;
            }
        }

        return null;
    }
}
