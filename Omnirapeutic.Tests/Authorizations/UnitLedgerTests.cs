using Microsoft.EntityFrameworkCore;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

public sealed class UnitLedgerTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_actor, _patientId) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Reserve_WithinTheBalance_MovesUnitsAndWritesLedgerAndAudit()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var balance = await Ledger.ReserveAsync(_actor, authorization.Id, 12, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((50, 0, 12, 38), (balance.TotalUnits, balance.UsedUnits, balance.ScheduledUnits, balance.AvailableUnits));
        Assert.Equal(authorization.Version + 1, balance.Version);
        await using var db = await CreateContextAsync();
        var entry = await db.UnitLedger.Where(e => e.AuthorizationId == authorization.Id && e.Kind == LedgerEntryKind.Reserve).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((12, 0, _actor.UserId), (entry.Units, entry.TotalDelta, entry.ActorUserId!.Value));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.EntityId == authorization.Id.ToString() && e.Action == "authorization.reserve", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reserve_BeyondTheAvailableUnits_IsRefusedWithTheNumbers()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await Ledger.ReserveAsync(_actor, authorization.Id, 30, cancellationToken: TestContext.Current.CancellationToken);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 21, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((DomainErrorKind.Conflict, "insufficient-units"), (refusal.Kind, refusal.Code));
        Assert.Contains("20 of 50 units available; 21 were requested", refusal.Message, StringComparison.Ordinal);
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 30);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(51)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public async Task Reserve_UnitsOutsideOneToTheTotal_IsInvalid(int units)
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, units, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((DomainErrorKind.Invalid, "invalid-units"), (refusal.Kind, refusal.Code));
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 0);
    }

    [Fact]
    public async Task ReserveAndConsume_AfterTheEndDate_AreRefusedAsExpired()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50, start: today.AddDays(-90), end: today.AddDays(-2));

        var reserve = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 1, cancellationToken: TestContext.Current.CancellationToken));
        var consume = await Assert.ThrowsAsync<DomainException>(() => Ledger.ConsumeAsync(_actor, authorization.Id, 1, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("authorization-expired", reserve.Code);
        Assert.Equal("authorization-expired", consume.Code);
        Assert.Contains($"ended on {today.AddDays(-2):yyyy-MM-dd}", reserve.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Void_WhenNothingIsScheduled_RefusesEveryLaterChange()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var voided = await Ledger.VoidAsync(_actor, authorization.Id, "Payer withdrew the approval", cancellationToken: TestContext.Current.CancellationToken);
        var reserve = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 1, cancellationToken: TestContext.Current.CancellationToken));
        var adjust = await Assert.ThrowsAsync<DomainException>(() => Ledger.AdjustTotalAsync(_actor, authorization.Id, 60, "More approved", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(AuthorizationStatus.Voided, voided.Status);
        Assert.Equal("authorization-voided", reserve.Code);
        Assert.Equal("authorization-voided", adjust.Code);
    }

    [Fact]
    public async Task Void_WithUnitsScheduled_IsRefused()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await Ledger.ReserveAsync(_actor, authorization.Id, 4, cancellationToken: TestContext.Current.CancellationToken);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.VoidAsync(_actor, authorization.Id, "Payer withdrew", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("authorization-has-scheduled-units", refusal.Code);
        Assert.Equal(AuthorizationStatus.Active, (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, authorization.Id, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task ReleaseAndConsume_MoreThanScheduled_AreRefused()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await Ledger.ReserveAsync(_actor, authorization.Id, 5, cancellationToken: TestContext.Current.CancellationToken);

        var release = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReleaseAsync(_actor, authorization.Id, 6, cancellationToken: TestContext.Current.CancellationToken));
        var consume = await Assert.ThrowsAsync<DomainException>(() => Ledger.ConsumeAsync(_actor, authorization.Id, 6, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(("exceeds-scheduled", "exceeds-scheduled"), (release.Code, consume.Code));
        Assert.Contains("has 5 units scheduled; cannot release 6", release.Message, StringComparison.Ordinal);
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 5);
    }

    [Fact]
    public async Task ReleaseAndConsume_WithinScheduled_MoveTheCounters()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await Ledger.ReserveAsync(_actor, authorization.Id, 10, cancellationToken: TestContext.Current.CancellationToken);

        await Ledger.ReleaseAsync(_actor, authorization.Id, 3, cancellationToken: TestContext.Current.CancellationToken);
        var balance = await Ledger.ConsumeAsync(_actor, authorization.Id, 4, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((4, 3, 43), (balance.UsedUnits, balance.ScheduledUnits, balance.AvailableUnits));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AdjustTotal_BelowUsedPlusScheduled_IsRefused()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await Ledger.ReserveAsync(_actor, authorization.Id, 30, cancellationToken: TestContext.Current.CancellationToken);
        await Ledger.ConsumeAsync(_actor, authorization.Id, 10, cancellationToken: TestContext.Current.CancellationToken);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.AdjustTotalAsync(_actor, authorization.Id, 29, "Payer cut the approval", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("total-below-committed", refusal.Code);
        Assert.Contains("cannot go below 30", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdjustTotal_Down_WritesASignedAdjustEntryWithTheReason()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var balance = await Ledger.AdjustTotalAsync(_actor, authorization.Id, 40, "Payer cut the approval", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(40, balance.TotalUnits);
        await using var db = await CreateContextAsync();
        var entry = await db.UnitLedger.Where(e => e.AuthorizationId == authorization.Id && e.Kind == LedgerEntryKind.Adjust)
            .OrderByDescending(e => e.Id).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal((10, -10, "Payer cut the approval"), (entry.Units, entry.TotalDelta, entry.Reason));
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AdjustTotal_WithoutAReason_IsInvalid(string reason)
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.AdjustTotalAsync(_actor, authorization.Id, 60, reason, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("invalid-reason", refusal.Code);
    }

    [Fact]
    public async Task Create_WithAnAuthNumberTheOrganizationAlreadyUses_IsRefused()
    {
        var first = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.CreateAsync(
            _actor, new NewAuthorization(_patientId, ServiceCode.ProtocolModification, first.AuthNumber, today, today.AddDays(30), 20), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((DomainErrorKind.Conflict, "duplicate-auth-number"), (refusal.Kind, refusal.Code));
    }

    [Fact]
    public async Task AnotherOrganizationsRecords_AreNotFound()
    {
        var (otherActor, otherPatientId) = await _core.AddClinicAsync();
        var theirs = await _core.AddAuthorizationAsync(otherActor, otherPatientId, 50);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var reserve = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, theirs.Id, 1, cancellationToken: TestContext.Current.CancellationToken));
        var get = await Assert.ThrowsAsync<DomainException>(() => _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, theirs.Id, TestContext.Current.CancellationToken));
        var create = await Assert.ThrowsAsync<DomainException>(() => Ledger.CreateAsync(
            _actor, new NewAuthorization(otherPatientId, ServiceCode.TreatmentByProtocol, "X-1", today, today.AddDays(9), 10), cancellationToken: TestContext.Current.CancellationToken));

        Assert.All([reserve, get, create], r => Assert.Equal(DomainErrorKind.NotFound, r.Kind));
        Assert.Empty(await _core.Get<AuthorizationDirectory>().ListAsync(_actor.OrganizationId, otherPatientId, TestContext.Current.CancellationToken));
        await AssertBalanceAsync(theirs.Id, used: 0, scheduled: 0, otherActor.OrganizationId);
    }

    [Fact]
    public async Task Reserve_RepeatedWithTheSameKey_ReplaysTheFirstAnswerAndChangesNothing()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var first = await Ledger.ReserveAsync(_actor, authorization.Id, 7, null, "key-1", TestContext.Current.CancellationToken);
        var repeat = await Ledger.ReserveAsync(_actor, authorization.Id, 7, null, "key-1", TestContext.Current.CancellationToken);

        Assert.Equal(first, repeat);
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 7);
        await using var db = await CreateContextAsync();
        Assert.Equal(1, await db.UnitLedger.CountAsync(e => e.IdempotencyKey == "key-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reserve_RepeatedAfterARefusal_IsRefusedAgainEvenOnceUnitsAreThere()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await Ledger.ReserveAsync(_actor, authorization.Id, 45, cancellationToken: TestContext.Current.CancellationToken);
        var first = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 10, null, "key-2", TestContext.Current.CancellationToken));
        await Ledger.ReleaseAsync(_actor, authorization.Id, 45, cancellationToken: TestContext.Current.CancellationToken);

        var repeat = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 10, null, "key-2", TestContext.Current.CancellationToken));

        Assert.Equal((first.Code, first.Message), (repeat.Code, repeat.Message));
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 0);
    }

    [Fact]
    public async Task Reserve_WithAKeyUsedForAnotherRequest_IsUnprocessable()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        await Ledger.ReserveAsync(_actor, authorization.Id, 3, null, "key-3", TestContext.Current.CancellationToken);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Ledger.ReserveAsync(_actor, authorization.Id, 4, null, "key-3", TestContext.Current.CancellationToken));

        Assert.Equal((DomainErrorKind.Unprocessable, "idempotency-key-reused"), (refusal.Kind, refusal.Code));
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 3);
    }

    [Fact]
    public async Task Reserve_ManyAtOnce_EachSucceedsOrIsRefusedOnItsOwn()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return (Balance: await Ledger.ReserveAsync(_actor, authorization.Id, 3, cancellationToken: TestContext.Current.CancellationToken), Refusal: (DomainException?)null);
            }
            catch (DomainException refusal)
            {
                return (Balance: (AuthorizationBalance?)null, Refusal: refusal);
            }
        }));

        var granted = attempts.Where(a => a.Balance is not null).Select(a => a.Balance!).ToList();
        Assert.Equal(16, granted.Count);
        Assert.All(attempts.Where(a => a.Refusal is not null), a => Assert.Equal("insufficient-units", a.Refusal!.Code));
        Assert.Equal(Enumerable.Range(1, 16).Select(n => authorization.Version + n), granted.Select(b => b.Version).Order());
        Assert.Equal(Enumerable.Range(1, 16).Select(n => n * 3), granted.Select(b => b.ScheduledUnits).Order());
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 48);
        await using var db = await CreateContextAsync();
        Assert.Equal(16, await db.UnitLedger.CountAsync(e => e.AuthorizationId == authorization.Id && e.Kind == LedgerEntryKind.Reserve, TestContext.Current.CancellationToken));
        Assert.Equal(16, await db.AuditEvents.CountAsync(e => e.EntityId == authorization.Id.ToString() && e.Action == "authorization.reserve", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reserve_SameKeySentManyTimesAtOnce_IsAppliedOnceAndAnsweredTheSame()
    {
        var authorization = await _core.AddAuthorizationAsync(_actor, _patientId, 50);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Ledger.ReserveAsync(_actor, authorization.Id, 7, null, "key-burst", TestContext.Current.CancellationToken)));

        Assert.Single(answers.Distinct());
        await AssertBalanceAsync(authorization.Id, used: 0, scheduled: 7);
        await using var db = await CreateContextAsync();
        Assert.Equal(1, await db.UnitLedger.CountAsync(e => e.IdempotencyKey == "key-burst", TestContext.Current.CancellationToken));
    }

    private async Task AssertBalanceAsync(Guid authorizationId, int used, int scheduled, Guid? organizationId = null)
    {
        var balance = await _core.Get<AuthorizationDirectory>().GetAsync(organizationId ?? _actor.OrganizationId, authorizationId, TestContext.Current.CancellationToken);
        Assert.Equal((used, scheduled), (balance.UsedUnits, balance.ScheduledUnits));
    }

    private Task<OmnirapeuticDbContext> CreateContextAsync() =>
        _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_actor.OrganizationId, TestContext.Current.CancellationToken);
}
