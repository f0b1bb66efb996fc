using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Identity;

public sealed class SignInThrottleTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));
    private CoreServices _core = null!;

    private SignInThrottle Throttle => _core.Get<SignInThrottle>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _core = await CoreServices.StartAsync(postgres, time: _clock);

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Failed_WithinTheFreeFailures_LeavesTheGateOpen()
    {
        var email = NewEmail();

        var gates = new List<SignInGate>();
        for (var i = 0; i < Throttle.Policy.FreeFailures - 1; i++)
        {
            gates.Add(await Throttle.FailedAsync(email, Ct));
        }

        Assert.All(gates, g => Assert.Equal(SignInGate.Open, g));
        Assert.Equal(SignInGate.Open, await Throttle.CheckAsync(email, Ct));
    }

    [Fact]
    public async Task Failed_PastTheFreeFailures_DoublesTheWaitEachTime()
    {
        var email = NewEmail();
        for (var i = 1; i < Throttle.Policy.FreeFailures; i++)
        {
            await Throttle.FailedAsync(email, Ct);
        }

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var gate = await Throttle.FailedAsync(email, Ct);
            Assert.Equal(SignInGateState.Wait, gate.State);
            Assert.Equal(gate, await Throttle.CheckAsync(email, Ct));
            waits.Add(gate.RetryAfter);
            _clock.Advance(gate.RetryAfter);
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], waits);
        Assert.Equal(SignInGate.Open, await Throttle.CheckAsync(email, Ct));
    }

    [Fact]
    public async Task Failed_AtTheLockoutThreshold_LocksTheAddressOutForTheLockoutDuration()
    {
        var email = NewEmail();
        var policy = Throttle.Policy;

        var last = SignInGate.Open;
        for (var i = 0; i < policy.LockoutAfter; i++)
        {
            last = await Throttle.FailedAsync(email, Ct);
            _clock.Advance(last.State == SignInGateState.Wait ? last.RetryAfter : TimeSpan.Zero);
        }

        Assert.Equal(SignInGateState.LockedOut, last.State);
        Assert.Equal(policy.LockoutDuration, last.RetryAfter);
        _clock.Advance(policy.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(SignInGateState.LockedOut, (await Throttle.CheckAsync(email, Ct)).State);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SignInGate.Open, await Throttle.CheckAsync(email, Ct));
        Assert.Equal(SignInGate.Open, await Throttle.FailedAsync(email, Ct));
    }

    [Fact]
    public async Task Failed_ManyAtOnce_CountsEveryOne()
    {
        var email = NewEmail();

        var gates = await Task.WhenAll(Enumerable.Range(0, Throttle.Policy.LockoutAfter).Select(_ => Throttle.FailedAsync(email, Ct)));

        Assert.Single(gates, g => g.State == SignInGateState.LockedOut);
        Assert.Equal(SignInGateState.LockedOut, (await Throttle.CheckAsync(email, Ct)).State);
    }

    [Fact]
    public async Task Failures_OfAnotherSpellingOfTheAddress_CountTogether()
    {
        var email = NewEmail();
        for (var i = 0; i < Throttle.Policy.FreeFailures; i++)
        {
            await Throttle.FailedAsync(i % 2 == 0 ? email : $"  {email.ToUpperInvariant()} ", Ct);
        }

        Assert.Equal(SignInGateState.Wait, (await Throttle.CheckAsync(email, Ct)).State);
    }

    [Fact]
    public async Task Clear_ForgetsTheFailures_AndThePurgeForgetsOldOnes()
    {
        var cleared = NewEmail();
        var old = NewEmail();
        for (var i = 0; i < Throttle.Policy.FreeFailures; i++)
        {
            await Throttle.FailedAsync(cleared, Ct);
            await Throttle.FailedAsync(old, Ct);
        }

        await Throttle.ClearAsync(cleared, Ct);
        _clock.Advance(Throttle.Policy.LockoutDuration);
        await _core.Get<ExpiredRecords>().PurgeAsync(Ct);

        Assert.Equal(SignInGate.Open, await Throttle.CheckAsync(cleared, Ct));
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.SignInAttempts.CountAsync(Ct));
    }

    private static string NewEmail() => $"someone-{Guid.NewGuid():N}@example.test";
}
