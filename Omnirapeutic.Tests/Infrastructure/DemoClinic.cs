using System.Net.Http.Json;
using System.Text.Json;
using Omnirapeutic.Core.Authorizations;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>OrgA of the demo data as an API client sees it: its practitioners, patients and authorizations.</summary>
internal sealed record DemoClinic(
    HttpClient Client,
    IReadOnlyDictionary<string, Guid> PractitionersByEmail,
    IReadOnlyList<Guid> PatientIds,
    IReadOnlyList<AuthorizationBalance> Authorizations)
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static async Task<DemoClinic> LoadAsync(OmnirapeuticWebApplicationFactory app, string email = "admin@orga.example")
    {
        var client = await app.CreateApiClientAsync(email);
        var practitioners = await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/practitioners");
        var patients = await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/patients");
        return new DemoClinic(
            client,
            practitioners!.ToDictionary(p => p.GetProperty("email").GetString()!, p => p.GetProperty("id").GetGuid()),
            [.. patients!.Select(p => p.GetProperty("id").GetGuid())],
            await client.AuthorizationsAsync());
    }

    public AuthorizationBalance AuthorizationOf(Guid patientId, string serviceCode) =>
        Authorizations.First(a => a.PatientId == patientId && a.ServiceCode == serviceCode);

    /// <summary>A New York wall-clock time a week from now, inside every demo authorization's dates.</summary>
    public static DateTimeOffset NextWeekAt(int hour, int minute = 0, int days = 7)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, NewYork).DateTime);
        var local = today.AddDays(days).ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local));
    }

    public Task<HttpResponseMessage> BookAsync(Guid patientId, string practitionerEmail, Guid authorizationId, DateTimeOffset start, int minutes) =>
        Client.PostAsJsonAsync("/api/v1/appointments", new
        {
            patientId,
            practitionerId = PractitionersByEmail[practitionerEmail],
            authorizationId,
            start,
            end = start.AddMinutes(minutes),
        });
}
