using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Calendars;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Patients;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Calendars;

public sealed class CalendarFeedTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;
    private DemoClinic _clinic = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = await OmnirapeuticWebApplicationFactory.StartAsync(postgres);
        _clinic = await DemoClinic.LoadAsync(_app);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheFeed_ListsExactlyThePractitionersSessions_WithInitialsAndNoPatientDetails()
    {
        var (patient, other) = (_clinic.PatientIds[0], _clinic.PatientIds[1]);
        var mine = new[]
        {
            await BookedIdAsync(patient, "rbt1@orga.example", _clinic.AuthorizationOf(patient, "97153").Id, DemoClinic.NextWeekAt(9)),
            await BookedIdAsync(patient, "rbt1@orga.example", _clinic.AuthorizationOf(patient, "97153").Id, DemoClinic.NextWeekAt(13)),
        };
        var theirs = await BookedIdAsync(other, "rbt2@orga.example", _clinic.AuthorizationOf(other, "97153").Id, DemoClinic.NextWeekAt(9));
        var cancelled = await BookedIdAsync(patient, "rbt1@orga.example", _clinic.AuthorizationOf(patient, "97153").Id, DemoClinic.NextWeekAt(16));
        (await _clinic.Client.PostAsJsonAsync($"/api/v1/appointments/{cancelled}/cancel", new { reason = "Family travel" }, Ct)).EnsureSuccessStatusCode();
        var token = await _app.Services.GetRequiredService<CalendarFeeds>().CreateAsync(await ActorOfAsync("rbt1@orga.example"), Ct);

        var response = await _app.CreateClient().GetAsync($"/calendar/{token}.ics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var events = Calendar.Load(text)!.Events;
        var expected = await ScheduledOrRenderedAsync("rbt1@orga.example");
        Assert.Equal(expected.Order(), events.Select(e => Guid.Parse(e.Uid!.Split('@')[0])).Order());
        Assert.Superset(mine.ToHashSet(), expected.ToHashSet());
        Assert.DoesNotContain(theirs, expected);
        Assert.DoesNotContain(cancelled, expected);
        var profile = await _app.Services.GetRequiredService<PatientDirectory>().GetProfileAsync((await ActorOfAsync("admin@orga.example")).OrganizationId, patient, Ct);
        var names = profile.Name.Split(' ');
        Assert.Contains(events, e => e.Uid!.StartsWith(mine[0].ToString(), StringComparison.Ordinal) && e.Summary == $"{names[0][..1]}.{names[1][..1]}. 97153");
        foreach (var detail in names.Append(profile.MemberId).Append(profile.DateOfBirth.ToString("yyyyMMdd")).Append(profile.DateOfBirth.ToString("yyyy-MM-dd")))
        {
            Assert.DoesNotContain(detail, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ANewLink_EndsTheOldOne_AndATurnedOffLinkOrAnUnknownOneIs404()
    {
        var feeds = _app.Services.GetRequiredService<CalendarFeeds>();
        var rbt = await ActorOfAsync("rbt1@orga.example");
        var anonymous = _app.CreateClient();
        var first = await feeds.CreateAsync(rbt, Ct);

        var second = await feeds.CreateAsync(rbt, Ct);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendar/{first}.ics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/calendar/{second}.ics", Ct)).StatusCode);
        Assert.NotNull(await feeds.CreatedAtAsync(rbt, Ct));
        await feeds.RevokeAsync(rbt, Ct);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendar/{second}.ics", Ct)).StatusCode);
        Assert.Null(await feeds.CreatedAtAsync(rbt, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendar/{second[..^2]}xy.ics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendar/short.ics", Ct)).StatusCode);
    }

    [Fact]
    public async Task ALinkOfAPractitionerAnAdminLocked_Serves404_UntilUnlocked()
    {
        var feeds = _app.Services.GetRequiredService<CalendarFeeds>();
        var rbt = await ActorOfAsync("rbt2@orga.example");
        var admin = await ActorOfAsync("admin@orga.example");
        var users = _app.Services.GetRequiredService<UserAdministration>();
        var anonymous = _app.CreateClient();
        var token = await feeds.CreateAsync(rbt, Ct);

        await users.LockAsync(admin, rbt.UserId, Ct);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendar/{token}.ics", Ct)).StatusCode);
        await users.UnlockAsync(admin, rbt.UserId, Ct);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/calendar/{token}.ics", Ct)).StatusCode);
    }

    [Fact]
    public async Task TwoLinksMadeAtOnce_LeaveOneWorkingLink()
    {
        var feeds = _app.Services.GetRequiredService<CalendarFeeds>();
        var rbt = await ActorOfAsync("rbt3@orga.example");
        var anonymous = _app.CreateClient();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => feeds.CreateAsync(rbt, Ct)));

        var answers = await Task.WhenAll(tokens.Select(t => anonymous.GetAsync($"/calendar/{t}.ics", Ct)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task AnAccountWithoutAPractitionerProfile_HasNoFeed()
    {
        var admin = await ActorOfAsync("admin@orga.example");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _app.Services.GetRequiredService<CalendarFeeds>().CreateAsync(admin, Ct));

        Assert.Equal(CalendarFeeds.NoPractitionerProfile, refusal.Code);
    }

    private async Task<Guid> BookedIdAsync(Guid patientId, string email, Guid authorizationId, DateTimeOffset start)
    {
        var response = await _clinic.BookAsync(patientId, email, authorizationId, start, 60);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>What the API lists for the practitioner over the feed's reach, but cancelled sessions.</summary>
    private async Task<List<Guid>> ScheduledOrRenderedAsync(string email)
    {
        var now = DateTimeOffset.UtcNow;
        var from = Uri.EscapeDataString((now - CalendarFeeds.Past).ToString("O"));
        var to = Uri.EscapeDataString((now + CalendarFeeds.Ahead).ToString("O"));
        var listed = await _clinic.Client.GetFromJsonAsync<List<JsonElement>>(
            $"/api/v1/appointments?practitionerId={_clinic.PractitionersByEmail[email]}&from={from}&to={to}", Ct);
        return [.. listed!.Where(a => a.GetProperty("status").GetString() != "Cancelled").Select(a => a.GetProperty("id").GetGuid())];
    }

    private Task<Actor> ActorOfAsync(string email) => _app.ActorOfAsync(email);
}
