using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Tests.Infrastructure;

internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<IReadOnlyList<AuthorizationBalance>> AuthorizationsAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<List<AuthorizationBalance>>("/api/v1/authorizations", Options))!;

    public static async Task<AuthorizationBalance> AuthorizationAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<AuthorizationBalance>($"/api/v1/authorizations/{id}", Options))!;

    public static Task<HttpResponseMessage> PostUnitsAsync(this HttpClient client, Guid id, string operation, int units, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/authorizations/{id}/{operation}") { Content = JsonContent.Create(new { units }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<AuthorizationBalance> BalanceAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<AuthorizationBalance>(Options))!;

    /// <summary>The problem details of an error answer, checked to be RFC 9457 JSON with the given status.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
