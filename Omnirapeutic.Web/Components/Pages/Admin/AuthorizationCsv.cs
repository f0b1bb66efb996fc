using System.Globalization;
using CsvHelper;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>Writes authorization rows as RFC 4180 CSV, one header row then one row per authorization.</summary>
internal static class AuthorizationCsv
{
    public static readonly string[] Header =
        ["Auth number", "Patient", "Service code", "Start date", "End date", "Total units", "Used units", "Scheduled units", "Available units", "Status"];

    // Spreadsheets run cells that start with =, +, - or @ as formulas: names and numbers typed by people are escaped.
    private static readonly CsvWriterOptions Options = new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.Escape,
    };

    public static async Task<byte[]> WriteAsync(IEnumerable<AuthorizationListItem> authorizations, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            foreach (var a in authorizations)
            {
                csv.WriteField(a.AuthNumber);
                csv.WriteField(a.PatientName);
                csv.WriteField(a.ServiceCode);
                csv.WriteField(a.StartDate, "yyyy-MM-dd");
                csv.WriteField(a.EndDate, "yyyy-MM-dd");
                csv.WriteField(a.TotalUnits, default);
                csv.WriteField(a.UsedUnits, default);
                csv.WriteField(a.ScheduledUnits, default);
                csv.WriteField(a.AvailableUnits, default);
                csv.WriteField(a.Status.ToString());
                await csv.EndRecordAsync(cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }

        return buffer.ToArray();
    }
}
