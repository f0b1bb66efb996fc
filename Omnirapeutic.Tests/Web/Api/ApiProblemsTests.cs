using System.Net;
using System.Text;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>Edges of the API that once answered 500, a bare status or an echo of the input: each a problem now.</summary>
public sealed class ApiProblemsTests(WriteEndpointsApp fixture) : IClassFixture<WriteEndpointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/api/v1/authorizations/not-a-guid")]
    [InlineData("/api/no-such-version")]
    public async Task Get_AnUnknownApiPath_Is404ProblemDetails(string path)
    {
        var response = await fixture.Admin.GetAsync(path, Ct);

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"email":null,"password":"Omni-Demo-2026!"}""")]
    [InlineData("""{"email":"admin@orga.example"}""")]
    [InlineData("""{"password":"Omni-Demo-2026!"}""")]
    [InlineData("""{"email":"admin@orga.example","password":null}""")]
    public async Task Login_WithAMissingOrNullField_Is400Problem(string body)
    {
        var response = await fixture.App.CreateClient().PostAsync("/api/v1/auth/login", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"units":1,"units":50}""")]
    [InlineData("""{"units":50,"units":1}""")]
    public async Task Reserve_WithADuplicateProperty_IsRefusedAndChangesNothing(string body)
    {
        var call = fixture.Calls["POST /api/v1/authorizations/{id:guid}/reserve"];
        var before = await fixture.SnapshotAsync();

        var response = await fixture.SendAsync(call, call.Path, body);

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("value")]
    public async Task Problem_ForAHugeField_DoesNotEchoItWhole(string where)
    {
        var huge = new string('a', 2000);
        var call = fixture.Calls["POST /api/v1/authorizations/{id:guid}/reserve"];
        var body = where == "name" ? $$"""{"units":1,"{{huge}}":1}""" : $$"""{"units":"{{huge}}"}""";

        var problem = await (await fixture.SendAsync(call, call.Path, body)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.InRange(problem.GetProperty("detail").GetString()!.Length, 1, 300);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("2200-01-01")]
    [InlineData("1999-12-31")]
    public async Task Week_OutsideTheSupportedDates_Is400Problem(string date)
    {
        var call = fixture.Calls["GET /api/v1/practitioners/{id:guid}/week"];

        var response = await fixture.Admin.GetAsync($"{call.Path.Split('?')[0]}?date={date}", Ct);

        Assert.Equal("date-out-of-range", (await response.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET /api/v1/appointments/")]
    [InlineData("POST /api/v1/auth/login")]
    [InlineData("POST /api/v1/authorizations/{id:guid}/reserve")]
    public async Task ApiAnswers_AreNotStored(string endpoint)
    {
        var call = fixture.Calls[endpoint];

        var response = await fixture.SendAsync(call, call.Path, call.Body);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}
