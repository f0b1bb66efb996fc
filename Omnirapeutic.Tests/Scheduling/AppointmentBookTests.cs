using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Scheduling;

public sealed class AppointmentBookTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;

    public async ValueTask InitializeAsync() => _core = await CoreServices.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Today_InTheOrganizationsTimeZone_ListsTodaysSessionsWithNamesAndLocalTimes()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var practitionerId = await _core.AddPractitionerAsync(actor, Credential.RBT);
        var authorization = await _core.AddAuthorizationAsync(actor, patientId, 200);
        var noon = LocalToday().AddHours(12);
        var scheduler = _core.Get<AppointmentScheduler>();
        var today = await scheduler.BookAsync(actor, new BookingRequest(patientId, practitionerId, authorization.Id, noon, noon.AddHours(1)), cancellationToken: TestContext.Current.CancellationToken);
        await scheduler.BookAsync(actor, new BookingRequest(patientId, practitionerId, authorization.Id, noon.AddDays(1), noon.AddDays(1).AddHours(1)), cancellationToken: TestContext.Current.CancellationToken);
        var (otherActor, otherPatient) = await _core.AddClinicAsync();
        var otherPractitioner = await _core.AddPractitionerAsync(otherActor, Credential.RBT);
        var otherAuthorization = await _core.AddAuthorizationAsync(otherActor, otherPatient, 200);
        await scheduler.BookAsync(otherActor, new BookingRequest(otherPatient, otherPractitioner, otherAuthorization.Id, noon, noon.AddHours(1)), cancellationToken: TestContext.Current.CancellationToken);

        var day = await _core.Get<AppointmentBook>().TodayAsync(actor.OrganizationId, TestContext.Current.CancellationToken);

        var session = Assert.Single(day.Sessions);
        Assert.Equal((today.Id, "Test Patient", "RBT Clinician", "97153", 4), (session.Id, session.PatientName, session.PractitionerName, session.ServiceCode, session.Units));
        Assert.Equal((noon, noon.Offset), (session.Start, session.Start.Offset));
        Assert.Equal((DateOnly.FromDateTime(noon.DateTime), "America/New_York"), (day.Date, day.TimeZoneId));
    }

    private static DateTimeOffset LocalToday()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var midnight = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
