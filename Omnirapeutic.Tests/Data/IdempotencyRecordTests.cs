using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Data;

public sealed class IdempotencyRecordTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private AuthorizationBalance _authorization = null!;

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_actor, var patientId) = await _core.AddClinicAsync();
        _authorization = await _core.AddAuthorizationAsync(_actor, patientId, 100, start: new DateOnly(2026, 11, 1), end: new DateOnly(2027, 4, 30));
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Reserve_RepeatedWithinADay_ReplaysAndAfterADay_IsANewRequest()
    {
        await Ledger.ReserveAsync(_actor, _authorization.Id, 1, null, "daily-key", Ct);
        _clock.Advance(IdempotencyRecord.Lifetime - TimeSpan.FromSeconds(1));
        var replayed = await Ledger.ReserveAsync(_actor, _authorization.Id, 1, null, "daily-key", Ct);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = await Ledger.ReserveAsync(_actor, _authorization.Id, 1, null, "daily-key", Ct);

        Assert.Equal(1, replayed.ScheduledUnits);
        Assert.Equal(2, renewed.ScheduledUnits);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, (await Ledger.ReserveAsync(_actor, _authorization.Id, 1, null, "daily-key", Ct)).ScheduledUnits);
    }

    [Fact]
    public async Task Reserve_WithAnotherUsersKey_IsThatUsersOwnRequest()
    {
        var colleague = _actor with { UserId = Guid.NewGuid() };

        await Ledger.ReserveAsync(_actor, _authorization.Id, 2, null, "shared-key", Ct);
        var theirs = await Ledger.ReserveAsync(colleague, _authorization.Id, 2, null, "shared-key", Ct);
        var theirRepeat = await Ledger.ReserveAsync(colleague, _authorization.Id, 2, null, "shared-key", Ct);

        Assert.Equal(4, theirs.ScheduledUnits);
        Assert.Equal(4, theirRepeat.ScheduledUnits);
    }

    [Fact]
    public async Task Create_WithAKeyAndFieldsAtTheirLimits_StoresAFixedSizeFingerprint()
    {
        var patientId = await _core.AddPatientAsync(_actor);
        var number = new string('N', 40);

        await Ledger.CreateAsync(_actor, new NewAuthorization(patientId, "97153", number, new DateOnly(2026, 11, 1), new DateOnly(2027, 4, 30), 10), "create-key", Ct);
        var reason = new string('r', UnitLedger.MaxReasonLength);
        await Ledger.AdjustTotalAsync(_actor, _authorization.Id, 120, reason, "adjust-key", Ct);

        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        var fingerprints = await db.IdempotencyRecords.IgnoreQueryFilters().Select(r => r.Fingerprint).ToListAsync(Ct);
        Assert.Equal(2, fingerprints.Count);
        Assert.All(fingerprints, f => Assert.Matches("^[0-9a-f]{64}$", f));
    }

    [Fact]
    public async Task Purge_DeletesOnlyRecordsPastTheirDay()
    {
        await Ledger.ReserveAsync(_actor, _authorization.Id, 1, null, "old-key", Ct);
        _clock.Advance(TimeSpan.FromHours(23));
        await Ledger.ReserveAsync(_actor, _authorization.Id, 1, null, "new-key", Ct);
        _clock.Advance(TimeSpan.FromHours(1));

        await _core.Get<ExpiredRecords>().PurgeAsync(Ct);

        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(["new-key"], await db.IdempotencyRecords.IgnoreQueryFilters().Select(r => r.Key).ToListAsync(Ct));
    }
}
