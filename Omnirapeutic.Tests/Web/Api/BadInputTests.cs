using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>One app for the whole table: every case is refused, so none changes what the next one sees.</summary>
public sealed class BadInputApp(PostgresServer postgres) : IAsyncLifetime
{
    public OmnirapeuticWebApplicationFactory App { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Practitioner { get; private set; } = null!;

    public AuthorizationBalance Target { get; private set; } = null!;

    public AuthorizationBalance OtherOrganizations { get; private set; } = null!;

    public HttpClient OtherAdmin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        Admin = await App.CreateApiClientAsync("admin@orga.example");
        Practitioner = await App.CreateApiClientAsync("rbt1@orga.example");
        Target = (await Admin.AuthorizationsAsync()).First(a => a.ServiceCode == "97153");
        (await Admin.PostUnitsAsync(Target.Id, "reserve", 4)).EnsureSuccessStatusCode();
        Target = await Admin.AuthorizationAsync(Target.Id);
        OtherAdmin = await App.CreateApiClientAsync("admin@orgb.example");
        OtherOrganizations = (await OtherAdmin.AuthorizationsAsync())[0];
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class BadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    public static TheoryData<string, string, string, string?, string, HttpStatusCode> Cases => new()
    {
        // name, caller, method + path, body, content type, expected status
        { "zero units", "admin", "POST reserve", """{"units":0}""", "application/json", HttpStatusCode.BadRequest },
        { "negative units", "admin", "POST reserve", """{"units":-5}""", "application/json", HttpStatusCode.BadRequest },
        { "2^31 units", "admin", "POST reserve", """{"units":2147483648}""", "application/json", HttpStatusCode.BadRequest },
        { "int.MaxValue units", "admin", "POST reserve", """{"units":2147483647}""", "application/json", HttpStatusCode.BadRequest },
        { "decimal units", "admin", "POST reserve", """{"units":1.5}""", "application/json", HttpStatusCode.BadRequest },
        { "string units", "admin", "POST reserve", """{"units":"10"}""", "application/json", HttpStatusCode.BadRequest },
        { "null units", "admin", "POST reserve", """{"units":null}""", "application/json", HttpStatusCode.BadRequest },
        { "boolean units", "admin", "POST reserve", """{"units":true}""", "application/json", HttpStatusCode.BadRequest },
        { "missing units", "admin", "POST reserve", "{}", "application/json", HttpStatusCode.BadRequest },
        { "missing body", "admin", "POST reserve", null, "application/json", HttpStatusCode.BadRequest },
        { "malformed JSON", "admin", "POST reserve", """{"units":""", "application/json", HttpStatusCode.BadRequest },
        { "JSON array", "admin", "POST reserve", "[10]", "application/json", HttpStatusCode.BadRequest },
        { "unknown field", "admin", "POST reserve", """{"units":1,"force":true}""", "application/json", HttpStatusCode.BadRequest },
        { "not JSON", "admin", "POST reserve", "units=1", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType },
        { "release more than scheduled", "admin", "POST release", """{"units":5}""", "application/json", HttpStatusCode.Conflict },
        { "consume more than scheduled", "admin", "POST consume", """{"units":5}""", "application/json", HttpStatusCode.Conflict },
        { "unknown authorization", "admin", "POST reserve@missing", """{"units":1}""", "application/json", HttpStatusCode.NotFound },
        { "malformed id", "admin", "POST reserve@not-a-guid", """{"units":1}""", "application/json", HttpStatusCode.NotFound },
        { "another tenant's authorization", "admin", "POST reserve@other", """{"units":1}""", "application/json", HttpStatusCode.NotFound },
        { "another tenant's authorization read", "admin", "GET @other", null, "application/json", HttpStatusCode.NotFound },
        { "no token", "anonymous", "POST reserve", """{"units":1}""", "application/json", HttpStatusCode.Unauthorized },
        { "garbage token", "garbage", "POST reserve", """{"units":1}""", "application/json", HttpStatusCode.Unauthorized },
        { "expired token", "expired", "POST reserve", """{"units":1}""", "application/json", HttpStatusCode.Unauthorized },
        { "practitioner adjusts", "practitioner", "POST adjust", """{"totalUnits":5000,"reason":"x"}""", "application/json", HttpStatusCode.Forbidden },
        { "practitioner voids", "practitioner", "POST void", """{"reason":"x"}""", "application/json", HttpStatusCode.Forbidden },
        { "adjust without reason", "admin", "POST adjust", """{"totalUnits":500}""", "application/json", HttpStatusCode.BadRequest },
        { "adjust to zero", "admin", "POST adjust", """{"totalUnits":0,"reason":"x"}""", "application/json", HttpStatusCode.BadRequest },
        { "adjust below committed", "admin", "POST adjust", """{"totalUnits":3,"reason":"x"}""", "application/json", HttpStatusCode.Conflict },
        { "adjust above the maximum", "admin", "POST adjust", """{"totalUnits":100001,"reason":"x"}""", "application/json", HttpStatusCode.BadRequest },
        { "idempotency key too long", "admin:key", "POST reserve", """{"units":1}""", "application/json", HttpStatusCode.BadRequest },
        { "create ending before it starts", "admin", "POST create", """{"patientId":"@patient","serviceCode":"97153","authNumber":"BAD-1","startDate":"2026-05-01","endDate":"2026-04-01","totalUnits":10}""", "application/json", HttpStatusCode.BadRequest },
        { "create ending on the calendar's last day", "admin", "POST create", """{"patientId":"@patient","serviceCode":"97153","authNumber":"BAD-2","startDate":"9999-12-01","endDate":"9999-12-31","totalUnits":10}""", "application/json", HttpStatusCode.BadRequest },
        { "create starting in the year 1", "admin", "POST create", """{"patientId":"@patient","serviceCode":"97153","authNumber":"BAD-3","startDate":"0001-01-01","endDate":"2026-04-01","totalUnits":10}""", "application/json", HttpStatusCode.BadRequest },
        { "create with an unknown code", "admin", "POST create", """{"patientId":"@patient","serviceCode":"99999","authNumber":"BAD-2","startDate":"2026-05-01","endDate":"2026-06-01","totalUnits":10}""", "application/json", HttpStatusCode.BadRequest },
        { "create with a bad date", "admin", "POST create", """{"patientId":"@patient","serviceCode":"97153","authNumber":"BAD-3","startDate":"May 1st","endDate":"2026-06-01","totalUnits":10}""", "application/json", HttpStatusCode.BadRequest },
        { "create for another tenant's patient", "admin", "POST create", """{"patientId":"@otherPatient","serviceCode":"97153","authNumber":"BAD-4","startDate":"2026-05-01","endDate":"2026-06-01","totalUnits":10}""", "application/json", HttpStatusCode.NotFound },
        { "practitioner creates", "practitioner", "POST create", """{"patientId":"@patient","serviceCode":"97153","authNumber":"BAD-5","startDate":"2026-05-01","endDate":"2026-06-01","totalUnits":10}""", "application/json", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_IsRefusedWithProblemDetailsAndChangesNothing(
        string name, string caller, string call, string? body, string contentType, HttpStatusCode expected)
    {
        var before = await SnapshotAsync();

        var response = await SendAsync(caller, call, body, contentType);

        var problem = await response.ProblemAsync(expected);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()), name);
        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<HttpResponseMessage> SendAsync(string caller, string call, string? body, string contentType)
    {
        var target = fixture.Target.Id.ToString();
        var (method, route) = (call.Split(' ')[0], call.Split(' ')[1]);
        var (operation, id) = route.Split('@') switch
        {
            [var op, "missing"] => (op, Guid.NewGuid().ToString()),
            [var op, "other"] => (op, fixture.OtherOrganizations.Id.ToString()),
            [var op, var raw] => (op, raw),
            [var op] => (op, target),
            _ => throw new ArgumentException(call),
        };
        var path = operation switch
        {
            "create" => "/api/v1/authorizations",
            "" => $"/api/v1/authorizations/{id}",
            _ => $"/api/v1/authorizations/{id}/{operation}",
        };
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            body = body.Replace("@patient", fixture.Target.PatientId.ToString(), StringComparison.Ordinal)
                .Replace("@otherPatient", fixture.OtherOrganizations.PatientId.ToString(), StringComparison.Ordinal);
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }
        else if (method == "POST")
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        var client = fixture.App.CreateClient();
        var token = caller switch
        {
            "admin" or "admin:key" => fixture.Admin.DefaultRequestHeaders.Authorization,
            "practitioner" => fixture.Practitioner.DefaultRequestHeaders.Authorization,
            "garbage" => new AuthenticationHeaderValue("Bearer", "CfDJ8-not-a-real-token"),
            "expired" => new AuthenticationHeaderValue("Bearer", ExpiredToken()),
            _ => null,
        };
        request.Headers.Authorization = token;
        if (caller == "admin:key")
        {
            request.Headers.Add("Idempotency-Key", new string('k', 201));
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A token the app itself issued for the admin, with an expiry in the past.</summary>
    private string ExpiredToken()
    {
        var options = fixture.App.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())], IdentityConstants.BearerScheme));
        var properties = new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow.AddHours(-3), ExpiresUtc = DateTimeOffset.UtcNow.AddHours(-1) };
        return options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));
    }

    private async Task<string> SnapshotAsync()
    {
        var authorizations = (await fixture.Admin.AuthorizationsAsync()).Concat(await fixture.OtherAdmin.AuthorizationsAsync());
        return string.Join(";", authorizations.Select(a => $"{a.Id}:{a.TotalUnits}/{a.UsedUnits}/{a.ScheduledUnits}/{a.Status}/{a.Version}"));
    }
}
