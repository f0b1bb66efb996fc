using System.Globalization;
using CsvHelper;
using Omnirapeutic.Core.Auditing;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>Writes audit events as RFC 4180 CSV as they are read, one header row then one row per event; instants in UTC.</summary>
internal static class AuditCsv
{
    public static readonly string[] Header = ["Occurred at (UTC)", "Kind", "User id", "User", "Action", "Record type", "Record id", "Details"];

    private static readonly CsvWriterOptions Options = new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.Escape,
    };

    /// <summary>Writes every event and says how many.</summary>
    public static async Task<int> WriteAsync(Stream body, IAsyncEnumerable<AuditEntry> events, CancellationToken cancellationToken)
    {
        var rows = 0;
        await using var csv = CsvWriter.Create(body, Options, leaveOpen: true);
        csv.WriteHeader(Header);
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            csv.WriteField(e.OccurredAt.UtcDateTime, "yyyy-MM-ddTHH:mm:ss.fffZ");
            csv.WriteField(e.Kind.ToString());
            csv.WriteField(e.UserId?.ToString() ?? string.Empty);
            csv.WriteField(e.UserName ?? string.Empty);
            csv.WriteField(e.Action);
            csv.WriteField(e.EntityType);
            csv.WriteField(e.EntityId);
            csv.WriteField(e.Details ?? string.Empty);
            await csv.EndRecordAsync(cancellationToken);
            rows++;
        }

        await csv.FlushAsync(cancellationToken);
        return rows;
    }
}
