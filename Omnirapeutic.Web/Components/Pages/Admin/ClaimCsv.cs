using System.Globalization;
using CsvHelper;
using Omnirapeutic.Core.Claims;

namespace Omnirapeutic.Web.Components.Pages.Admin;

/// <summary>Writes a claim batch's lines as RFC 4180 CSV: one header row, then one row per line in line order.</summary>
internal static class ClaimCsv
{
    public static readonly string[] Header =
    [
        "Line", "Date of service", "Member id", "Patient", "Date of birth", "Payer", "Authorization", "CPT code", "Modifiers", "Place of service",
        "Units", "Unit fee", "Charge", "Rendering provider", "Rendering NPI", "Delivered by", "Diagnosis codes", "Diagnosis pointer",
        "Subscriber relationship", "Subscriber", "Filing deadline",
    ];

    // Spreadsheets run cells that start with =, +, - or @ as formulas: names and numbers typed by people are escaped.
    private static readonly CsvWriterOptions Options = new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.Escape,
    };

    public static string FileName(ClaimBatchView batch) => $"claims-{batch.From:yyyyMMdd}-{batch.To:yyyyMMdd}-{batch.Id.ToString()[..8]}.csv";

    public static async Task<byte[]> WriteAsync(ClaimBatchView batch, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            foreach (var line in batch.Lines)
            {
                csv.WriteField(line.LineNumber, default);
                csv.WriteField(line.ServiceDate, "yyyy-MM-dd");
                csv.WriteField(line.MemberId);
                csv.WriteField(line.PatientName);
                csv.WriteField(line.PatientDateOfBirth, "yyyy-MM-dd");
                csv.WriteField(batch.PayerName);
                csv.WriteField(line.AuthNumber);
                csv.WriteField(line.ServiceCode);
                csv.WriteField(string.Join(' ', line.Modifiers));
                csv.WriteField(line.PlaceOfService);
                csv.WriteField(line.Units, default);
                csv.WriteField(line.UnitFee, "0.00");
                csv.WriteField(line.Charge, "0.00");
                csv.WriteField(line.RenderingName);
                csv.WriteField(line.RenderingNpi);
                csv.WriteField(line.DeliveredBy);
                csv.WriteField(string.Join(' ', line.DiagnosisCodes));
                csv.WriteField(line.DiagnosisPointer?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(line.SubscriberRelationship?.ToString() ?? string.Empty);
                csv.WriteField(line.SubscriberName ?? string.Empty);
                csv.WriteField(line.FilingDeadline, "yyyy-MM-dd");
                await csv.EndRecordAsync(cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }

        return buffer.ToArray();
    }
}
