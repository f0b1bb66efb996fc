using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Core.Practitioners;
using Omnirapeutic.Core.Scheduling;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Practitioners;

/// <summary>
/// An RBT's supervising BCBA or BCaBA, and the last day a practitioner's certification holds: kept by the domain and
/// by the database alike.
/// </summary>
public sealed class SupervisorAndCredentialTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private CoreServices _core = null!;
    private Actor _admin = null!;
    private Guid _patientId;
    private Guid _rbt;
    private Guid _bcba;
    private Guid _bcaba;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PractitionerDirectory Directory => _core.Get<PractitionerDirectory>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_admin, _patientId) = await _core.AddClinicAsync();
        _rbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        _bcba = await _core.AddPractitionerAsync(_admin, Credential.BCBA);
        _bcaba = await _core.AddPractitionerAsync(_admin, Credential.BCaBA);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task AnRbt_IsSupervisedByABcbaOrABcaba_ListedAndAudited()
    {
        var byBcba = await Directory.SetSupervisorAsync(_admin, _rbt, _bcba, Ct);
        var byBcaba = await Directory.SetSupervisorAsync(_admin, _rbt, _bcaba, Ct);
        var listed = (await Directory.ListAsync(_admin.OrganizationId, Ct)).Single(p => p.Id == _rbt);
        var cleared = await Directory.SetSupervisorAsync(_admin, _rbt, null, Ct);

        Assert.Equal((_bcba, _bcaba, _bcaba, (Guid?)null), (byBcba.SupervisorId, byBcaba.SupervisorId, listed.SupervisorId, cleared.SupervisorId));
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_admin.OrganizationId, Ct);
        Assert.Equal(3, await db.AuditEvents.CountAsync(e => e.EntityId == _rbt.ToString() && e.Action == "practitioner.supervisor", Ct));
    }

    [Fact]
    public async Task OnlyAnActiveAnalyst_Supervises_AndOnlyAnRbtHasASupervisor()
    {
        var otherRbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        var (otherClinic, _) = await _core.AddClinicAsync();
        var elsewhere = await _core.AddPractitionerAsync(otherClinic, Credential.BCBA);

        var byRbt = await Assert.ThrowsAsync<DomainException>(() => Directory.SetSupervisorAsync(_admin, _rbt, otherRbt, Ct));
        var byOtherClinic = await Assert.ThrowsAsync<DomainException>(() => Directory.SetSupervisorAsync(_admin, _rbt, elsewhere, Ct));
        var ofBcba = await Assert.ThrowsAsync<DomainException>(() => Directory.SetSupervisorAsync(_admin, _bcaba, _bcba, Ct));

        Assert.Equal(("supervisor-not-analyst", "supervisor-not-analyst", "supervisor-not-for-credential"), (byRbt.Code, byOtherClinic.Code, ofBcba.Code));
        Assert.Null((await Directory.ListAsync(_admin.OrganizationId, Ct)).Single(p => p.Id == _rbt).SupervisorId);
    }

    [Fact]
    public async Task TheDatabase_RefusesASupervisorWhoIsNotAnActiveAnalyst_AndAnAnalystWhoStopsBeingOneWhileSupervising()
    {
        var otherRbt = await _core.AddPractitionerAsync(_admin, Credential.RBT);
        await Directory.SetSupervisorAsync(_admin, _rbt, _bcba, Ct);

        var byRbt = await RawAsync($"UPDATE practitioners SET supervisor_id = '{otherRbt}' WHERE id = '{_rbt}'");
        var self = await RawAsync($"UPDATE practitioners SET credential = 'BCBA', supervisor_id = id WHERE id = '{_rbt}'");
        var ofAnalyst = await RawAsync($"UPDATE practitioners SET supervisor_id = '{_bcba}' WHERE id = '{_bcaba}'");
        var demoted = await RawAsync($"UPDATE practitioners SET credential = 'RBT' WHERE id = '{_bcba}'");
        var deactivated = await RawAsync($"UPDATE practitioners SET is_active = false WHERE id = '{_bcba}'");
        var unsupervised = await RawAsync($"UPDATE practitioners SET credential = 'RBT' WHERE id = '{_bcaba}'");

        Assert.All([byRbt, self, ofAnalyst, demoted, deactivated], refusal => Assert.Equal(("23514", "ck_practitioners_supervisor"), (refusal?.SqlState, refusal?.ConstraintName)));
        Assert.Null(unsupervised);
    }

    [Fact]
    public async Task ASessionAfterTheCertificationsLastDay_IsRefusedWithTheDate_AndOnTheDayItselfIsBooked()
    {
        var authorization = await _core.AddAuthorizationAsync(_admin, _patientId, 400);
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var listed = await Directory.SetCredentialExpiryAsync(_admin, _rbt, lastDay, Ct);
        var scheduler = _core.Get<AppointmentScheduler>();

        // 23:00 in New York on the last day is already the next day in UTC: the organization's date is what counts.
        var lateOnTheLastDay = await scheduler.BookAsync(_admin, Session(authorization.Id, LocalAt(lastDay, 23, 0), 60), cancellationToken: Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            scheduler.BookAsync(_admin, Session(authorization.Id, LocalAt(lastDay.AddDays(1), 9, 0), 60), cancellationToken: Ct));
        var moved = await Assert.ThrowsAsync<DomainException>(() => scheduler.RescheduleAsync(
            _admin, lateOnTheLastDay.Id, new RescheduleRequest(LocalAt(lastDay.AddDays(2), 9, 0), LocalAt(lastDay.AddDays(2), 10, 0)), cancellationToken: Ct));

        Assert.Equal(lastDay, listed.CredentialExpiresOn);
        Assert.Equal(AppointmentStatus.Scheduled, lateOnTheLastDay.Status);
        Assert.Equal((DomainErrorKind.Conflict, "credential-expired"), (refusal.Kind, refusal.Code));
        Assert.Contains($"expires on {lastDay:yyyy-MM-dd}", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("credential-expired", moved.Code);
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(_admin.OrganizationId, authorization.Id, Ct);
        Assert.Equal(4, balance.ScheduledUnits);
    }

    [Fact]
    public async Task TheDatabase_RefusesASessionWrittenPastTheCertificationsLastDay()
    {
        var authorization = await _core.AddAuthorizationAsync(_admin, _patientId, 400);
        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var booked = await _core.Get<AppointmentScheduler>().BookAsync(_admin, Session(authorization.Id, LocalAt(lastDay, 9, 0), 60), cancellationToken: Ct);
        await Directory.SetCredentialExpiryAsync(_admin, _rbt, lastDay, Ct);

        var moved = await RawAsync(
            $"UPDATE appointments SET start_at = start_at + interval '1 day', end_at = end_at + interval '1 day' WHERE id = '{booked.Id}'");
        var kept = await RawAsync($"UPDATE appointments SET end_at = end_at - interval '15 minutes' WHERE id = '{booked.Id}'");

        Assert.Equal(("23514", "ck_appointments_credential_current"), (moved?.SqlState, moved?.ConstraintName));
        Assert.Null(kept);
    }

    private BookingRequest Session(Guid authorizationId, DateTimeOffset start, int minutes) =>
        new(_patientId, _rbt, authorizationId, start, start.AddMinutes(minutes), AcknowledgeWarnings: true);

    private static DateTimeOffset LocalAt(DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local));
    }

    private Task<PostgresException?> RawAsync(string sql) => RawSql.RefusalAsync(_core.ConnectionString, sql);
}
