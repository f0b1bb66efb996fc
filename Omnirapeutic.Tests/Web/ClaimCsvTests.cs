using Omnirapeutic.Core.Claims;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Web.Components.Pages.Admin;

namespace Omnirapeutic.Tests.Web;

/// <summary>A claim batch's CSV: one row per line in order, amounts with two decimals, and formula-like cells escaped.</summary>
public sealed class ClaimCsvTests
{
    [Fact]
    public async Task Lines_AreWrittenInOrder_WithFormulaLikeCellsEscaped()
    {
        var line = new ClaimLineView(
            1, Guid.NewGuid(), new DateOnly(2027, 1, 11), "M-1", "=HYPERLINK(\"x\")", new DateOnly(2019, 5, 1), "A-1", "97153", ["HM", "95"], "02",
            4, 20.5m, 82m, "Riley Tech", "1234567893", "Riley Tech", 4, ["F84.0", "Z13.41"], 1, SubscriberRelationship.Parent, "-Dana Doe",
            new DateOnly(2027, 4, 11));
        var batch = new ClaimBatchView(
            Guid.NewGuid(), Guid.NewGuid(), "+Medicaid", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31), DateTimeOffset.UtcNow, "Admin",
            90, false, null, null, null, null, null, 4, 82m, true, [line]);

        var rows = System.Text.Encoding.UTF8.GetString(await ClaimCsv.WriteAsync(batch, TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(',', ClaimCsv.Header), rows[0]);
        Assert.Equal("1,2027-01-11,M-1,\"'=HYPERLINK(\"\"x\"\")\",2019-05-01,\"'+Medicaid\",A-1,97153,HM 95,02,4,20.50,82.00,Riley Tech,1234567893,Riley Tech,"
            + "F84.0 Z13.41,1,Parent,\"'-Dana Doe\",2027-04-11", rows[1]);
    }
}
