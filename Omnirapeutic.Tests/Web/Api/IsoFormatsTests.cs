using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

/// <summary>
/// Instants only with an offset, dates only as yyyy-MM-dd, on every endpoint that takes one: the endpoints and their
/// fields are found by reflecting over the app's endpoint data source, so a new one cannot be missed.
/// </summary>
public sealed class IsoFormatsTests(WriteEndpointsApp fixture) : IClassFixture<WriteEndpointsApp>
{
    /// <summary>
    /// Each made from the valid request's own value (2026-12-10T10:00:00-05:00), so the request would otherwise succeed:
    /// without offset, the date alone, no seconds, a space for the T, the time alone, an offset without its colon.
    /// </summary>
    private static readonly Func<string, string>[] InstantsWithoutOffset =
        [v => v[..19], v => v[..10], v => v[..16], v => $"{v[..10]} {v[11..]}", v => v[11..16], v => v[..19] + v[19..].Replace(":", "", StringComparison.Ordinal)];

    /// <summary>From the valid yyyy-MM-dd value: with a time, with a time in UTC, US order, no dashes.</summary>
    private static readonly Func<string, string>[] DatesNotIso =
        [v => $"{v}T00:00:00", v => $"{v}T00:00:00Z", v => $"{v[5..7]}/{v[8..]}/{v[..4]}", v => v.Replace("-", "", StringComparison.Ordinal)];

    [Fact]
    public async Task InstantWithoutOffset_OnEveryEndpointThatTakesOne_IsRefusedAndChangesNothing() =>
        await AssertEachRefusedAsync(typeof(DateTimeOffset), InstantsWithoutOffset);

    [Fact]
    public async Task DateNotYearMonthDay_OnEveryEndpointThatTakesOne_IsRefusedAndChangesNothing() =>
        await AssertEachRefusedAsync(typeof(DateOnly), DatesNotIso);

    [Theory]
    [InlineData("GET /api/v1/appointments/")]
    [InlineData("POST /api/v1/appointments/preview")]
    [InlineData("POST /api/v1/appointments/suggestions")]
    [InlineData("POST /api/v1/appointments/series/preview")]
    [InlineData("POST /api/v1/appointments/series/{seriesId:guid}/extend/preview")]
    [InlineData("GET /api/v1/practitioners/{id:guid}/week")]
    public async Task InstantsAndDatesInTheContractsForm_AreAccepted(string endpoint)
    {
        var call = fixture.Calls[endpoint];

        var response = await fixture.SendAsync(call, call.Path, call.Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertEachRefusedAsync(Type valueType, Func<string, string>[] badForms)
    {
        var fields = FieldsOfType(valueType);
        Assert.NotEmpty(fields);
        var before = await fixture.SnapshotAsync();
        var failures = new List<string>();
        foreach (var (endpoint, field, inBody) in fields)
        {
            Assert.True(fixture.Calls.TryGetValue(endpoint, out var call), $"Add a valid request for {endpoint} to {nameof(WriteEndpointsApp)}.");
            var valid = inBody ? ValidBodyValue(call.Body!, field) : QueryHelpers.ParseQuery(new Uri("http://x" + call.Path).Query)[field].ToString();
            foreach (var bad in badForms.Select(form => form(valid)))
            {
                var (path, body) = inBody ? (call.Path, WithField(call.Body!, field, bad)) : (WithQuery(call.Path, field, bad), call.Body);
                var response = await fixture.SendAsync(call, path, body);
                var type = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString()
                    : null;
                if (response.StatusCode != HttpStatusCode.BadRequest || type != "invalid-request")
                {
                    failures.Add($"{endpoint} {field}={bad}: {(int)response.StatusCode} {type}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    /// <summary>Every API endpoint's query or route parameter of the type, and every property of that type in its body.</summary>
    private List<(string Endpoint, string Field, bool InBody)> FieldsOfType(Type valueType)
    {
        var found = new List<(string, string, bool)>();
        foreach (var endpoint in fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler
                || endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods
                || endpoint.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) != true)
            {
                continue;
            }

            var name = $"{methods.HttpMethods[0]} {endpoint.RoutePattern.RawText}";
            foreach (var parameter in handler.GetParameters())
            {
                if (Is(parameter.ParameterType, valueType))
                {
                    found.Add((name, parameter.Name!, false));
                }
                else if (parameter.ParameterType.Namespace?.StartsWith("Omnirapeutic", StringComparison.Ordinal) == true)
                {
                    found.AddRange(parameter.ParameterType.GetProperties()
                        .Where(p => Is(p.PropertyType, valueType))
                        .Select(p => (name, JsonNamingPolicy.CamelCase.ConvertName(p.Name), true)));
                }
            }
        }

        return found;
    }

    private static bool Is(Type type, Type valueType) => (Nullable.GetUnderlyingType(type) ?? type) == valueType;

    /// <summary>The field's value in the valid body; an optional date it leaves out (a series' until) takes the body's first date.</summary>
    private static string ValidBodyValue(string body, string field)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        return (json[field] ?? json.Select(p => p.Value).OfType<JsonValue>().First(v => v.TryGetValue<string>(out var text) && DateOnly.TryParse(text, out _)))
            .GetValue<string>();
    }

    private static string WithField(string body, string field, string value)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        json[field] = value;
        return json.ToJsonString();
    }

    private static string WithQuery(string path, string field, string value)
    {
        var (route, query) = (path.Split('?')[0], path.Contains('?', StringComparison.Ordinal) ? path.Split('?')[1] : string.Empty);
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith($"{field}=", StringComparison.Ordinal));
        return $"{route}?{string.Join('&', parameters.Append($"{field}={Uri.EscapeDataString(value)}"))}";
    }
}
