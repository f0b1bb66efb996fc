using System.Text.Json.Nodes;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>
/// Property-style: for each write endpoint, malformed bodies made from its valid request (each field of a wrong type,
/// null, missing, huge or deeply nested; duplicate properties; arrays, scalars and broken JSON for the object; wrong
/// content types; no body), each with and without an Idempotency-Key, never answer 5xx and never change a balance.
/// </summary>
public sealed class MalformedBodyTests(WriteEndpointsApp fixture) : IClassFixture<WriteEndpointsApp>
{
    private const int TooDeep = 80;

    private static readonly string[] WrongValues =
    [
        "null", "true", "{}", "[]", "1.5", "1e400", "99999999999999999999", "-2147483649", "\"\"",
        $"\"{new string('x', 5000)}\"", new string('[', TooDeep) + new string(']', TooDeep), "[99]", "[\"Monday, Tuesday\"]", "{\"$ref\":\"1\"}",
    ];

    public static TheoryData<string, bool> Endpoints => new()
    {
        { "POST /api/v1/auth/login", false }, { "POST /api/v1/auth/login", true },
        { "POST /api/v1/auth/refresh", false }, { "POST /api/v1/auth/refresh", true },
        { "POST /api/v1/authorizations/{id:guid}/reserve", false }, { "POST /api/v1/authorizations/{id:guid}/reserve", true },
        { "POST /api/v1/authorizations/{id:guid}/release", false }, { "POST /api/v1/authorizations/{id:guid}/release", true },
        { "POST /api/v1/authorizations/{id:guid}/consume", false }, { "POST /api/v1/authorizations/{id:guid}/consume", true },
        { "POST /api/v1/authorizations/", false }, { "POST /api/v1/authorizations/", true },
        { "POST /api/v1/authorizations/{id:guid}/adjust", false }, { "POST /api/v1/authorizations/{id:guid}/adjust", true },
        { "POST /api/v1/authorizations/{id:guid}/void", false }, { "POST /api/v1/authorizations/{id:guid}/void", true },
        { "POST /api/v1/authorizations/{id:guid}/approve", false }, { "POST /api/v1/authorizations/{id:guid}/deny", true },
        { "POST /api/v1/authorizations/{id:guid}/renew", false }, { "POST /api/v1/authorizations/{id:guid}/renew", true },
        { "POST /api/v1/appointments/", false }, { "POST /api/v1/appointments/", true },
        { "POST /api/v1/appointments/preview", false }, { "POST /api/v1/appointments/preview", true },
        { "POST /api/v1/appointments/series", false }, { "POST /api/v1/appointments/series", true },
        { "POST /api/v1/appointments/series/preview", false }, { "POST /api/v1/appointments/series/preview", true },
        { "POST /api/v1/appointments/series/{seriesId:guid}/extend", false }, { "POST /api/v1/appointments/series/{seriesId:guid}/extend", true },
        { "POST /api/v1/appointments/series/{seriesId:guid}/extend/preview", false },
        { "POST /api/v1/appointments/{id:guid}/reschedule", false }, { "POST /api/v1/appointments/{id:guid}/reschedule", true },
        { "POST /api/v1/appointments/{id:guid}/reschedule/preview", false },
        { "POST /api/v1/appointments/{id:guid}/cancel", false }, { "POST /api/v1/appointments/{id:guid}/cancel", true },
        { "POST /api/v1/appointments/{id:guid}/complete", false }, { "POST /api/v1/appointments/{id:guid}/complete", true },
        { "POST /api/v1/patients/", false }, { "POST /api/v1/patients/", true },
        { "POST /api/v1/users", false }, { "POST /api/v1/users", true },
        { "POST /api/v1/appointments/suggestions", false },
        { "POST /api/v1/practitioners/{id:guid}/time-off", false }, { "POST /api/v1/practitioners/{id:guid}/time-off", true },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task MalformedBody_OnAWriteEndpoint_IsA4xxProblemAndChangesNothing(string endpoint, bool withIdempotencyKey)
    {
        var call = fixture.Calls[endpoint];
        var before = await fixture.SnapshotAsync();
        var failures = new List<string>();

        foreach (var (name, body, contentType) in Cases(call))
        {
            var response = await fixture.SendAsync(call, call.Path, body, contentType, withIdempotencyKey ? Guid.NewGuid().ToString() : null);
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{status} {response.Content.Headers.ContentType?.MediaType}: {name}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    /// <summary>The malformed bodies; an optional field (a reserve's date) sent as null or left out is a valid request, so not among them.</summary>
    private static IEnumerable<(string Name, string? Body, string ContentType)> Cases(ApiCall call)
    {
        var valid = call.Body!;
        var fields = JsonNode.Parse(valid)!.AsObject().Select(p => (p.Key, Json: p.Value!.ToJsonString())).ToList();
        string Write(IEnumerable<(string Key, string Json)> properties) => "{" + string.Join(",", properties.Select(p => $"\"{p.Key}\":{p.Json}")) + "}";

        foreach (var (key, _) in fields)
        {
            foreach (var wrong in WrongValues.Where(w => w != "null" || !call.MayOmit(key)))
            {
                yield return ($"{key}={(wrong.Length > 20 ? $"{wrong[..10]}... ({wrong.Length} characters)" : wrong)}", Write(fields.Select(f => f.Key == key ? (f.Key, wrong) : f)), "application/json");
            }

            if (!call.MayOmit(key))
            {
                yield return ($"{key} missing", Write(fields.Where(f => f.Key != key)), "application/json");
            }

            yield return ($"{key} twice", Write(fields.Prepend(fields.First(f => f.Key == key))), "application/json");
        }

        yield return ("unknown property", Write(fields.Append(("force", "true"))), "application/json");
        yield return ("over 16 KB", Write(fields.Append(("pad", $"\"{new string('x', 20_000)}\""))), "application/json");
        yield return ("empty object", "{}", "application/json");
        yield return ("array of the object", $"[{valid}]", "application/json");
        yield return ("null", "null", "application/json");
        yield return ("number", "42", "application/json");
        yield return ("string", "\"text\"", "application/json");
        yield return ("truncated", valid[..^1], "application/json");
        yield return ("trailing garbage", valid + "}", "application/json");
        yield return ("nested too deep", Write(fields.Append(("deep", new string('[', TooDeep) + new string(']', TooDeep)))), "application/json");
        yield return ("not UTF-8", "{\"\udc80\":1}", "application/json");
        yield return ("empty body", string.Empty, "application/json");
        yield return ("plain text", valid, "text/plain");
        yield return ("form", "units=1", "application/x-www-form-urlencoded");
        yield return ("JSON with a charset it is not in", valid, "application/json; charset=utf-16");
    }
}
