using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Api;

public sealed class SchedulingConcurrencyTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwentyConcurrentBookingsOfOnePractitionersSlot_ExactlyOneSucceeds()
    {
        var clinic = await DemoClinic.LoadAsync(_app);
        var slot = DemoClinic.NextWeekAt(10);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
        {
            var patient = clinic.PatientIds[i % clinic.PatientIds.Count];
            return Task.Run(() => clinic.BookAsync(patient, "rbt1@orga.example", clinic.AuthorizationOf(patient, "97153").Id, slot, 60));
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var type = (await refused.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString();
            Assert.True(type is "practitioner-double-booked" or "patient-double-booked", type);
        }

        await AssertLedgerMatchesAsync();
    }

    [Fact]
    public async Task TwentyConcurrentBookingsOnAnAuthorizationWithSevenUnits_ExactlySevenSucceed()
    {
        var clinic = await DemoClinic.LoadAsync(_app);
        var patient = clinic.PatientIds[0];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await clinic.Client.PostAsJsonAsync("/api/v1/authorizations", new
        {
            patientId = patient, serviceCode = "97153", authNumber = "SEVEN-1", startDate = today.AddDays(-1), endDate = today.AddDays(60), totalUnits = 7,
        }, TestContext.Current.CancellationToken);
        var seven = await created.BalanceAsync();
        string[] practitioners = ["rbt1@orga.example", "rbt2@orga.example", "rbt3@orga.example", "rbt4@orga.example"];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => clinic.BookAsync(patient, practitioners[i % 4], seven.Id, DemoClinic.NextWeekAt(8, 0, days: 3 + i), 15))));

        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(13, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var after = await clinic.Client.AuthorizationAsync(seven.Id);
        Assert.Equal((7, 0), (after.ScheduledUnits, after.AvailableUnits));
        await AssertLedgerMatchesAsync();
    }

    private async Task AssertLedgerMatchesAsync() =>
        Assert.Empty(await _app.Services.GetRequiredService<IntegrityCheck>().FindViolationsAsync(null, TestContext.Current.CancellationToken));
}
