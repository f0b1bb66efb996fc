using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Data;

public sealed class SerializableUnitOfWorkTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Guid _organizationId;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        _organizationId = (await _core.AddClinicAsync()).Actor.OrganizationId;
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public async Task Run_WhenTheDatabaseAbortsTwice_RetriesOnAFreshContextAndSucceeds(string sqlState)
    {
        using var retries = new MetricRecorder(_core.Services, "omnirapeutic.transaction.retries");
        var contexts = new List<OmnirapeuticDbContext>();

        var result = await _core.Get<SerializableUnitOfWork>().RunAsync(_organizationId, async (db, ct) =>
        {
            contexts.Add(db);
            Assert.Equal(System.Data.IsolationLevel.Serializable, db.Database.CurrentTransaction!.GetDbTransaction().IsolationLevel);
            await Task.Yield();
            return contexts.Count < 3 ? throw Wrapped(sqlState) : "saved";
        }, TestContext.Current.CancellationToken);

        Assert.Equal("saved", result);
        Assert.Equal(3, contexts.Distinct().Count());
        Assert.Equal(2, retries.Total);
    }

    [Fact]
    public async Task Run_PlansWithIndexScansOnly_SoPredicateLocksStayNarrow()
    {
        var settings = await _core.Get<SerializableUnitOfWork>().RunAsync(_organizationId, async (db, ct) =>
            await db.Database.SqlQueryRaw<string>(
                "SELECT current_setting('enable_seqscan') || ',' || current_setting('enable_bitmapscan') || ',' || current_setting('transaction_isolation') AS \"Value\"")
                .SingleAsync(ct), TestContext.Current.CancellationToken);

        Assert.Equal("off,off,serializable", settings);
    }

    [Fact]
    public async Task Run_PreparesTheStatementsItRepeats_SoEachIsParsedAndPlannedOnceAConnection()
    {
        await using var one = await CoreServices.StartAsync(postgres, c => c.MaxPoolSize = 1);
        var organizationId = (await one.AddClinicAsync()).Actor.OrganizationId;

        var prepared = 0L;
        for (var run = 0; run < 3; run++)
        {
            prepared = await one.Get<SerializableUnitOfWork>().RunAsync(organizationId, async (db, ct) =>
            {
                await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(ct);
                return await db.Database.SqlQueryRaw<long>(
                    "SELECT count(*) AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM organizations%' AND statement NOT LIKE '%pg_prepared_statements%'").SingleAsync(ct);
            }, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, prepared);
    }

    [Fact]
    public async Task Run_WhenAMigrationChangesAColumnAPreparedStatementReturns_PreparesItAgainAndSucceeds()
    {
        await using var one = await CoreServices.StartAsync(postgres, c => c.MaxPoolSize = 1);
        var organizationId = (await one.AddClinicAsync()).Actor.OrganizationId;
        using var retries = new MetricRecorder(one.Services, "omnirapeutic.transaction.retries");
        Task<string> ReadNameAsync() => one.Get<SerializableUnitOfWork>().RunAsync(
            organizationId,
            (db, ct) => db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(ct),
            TestContext.Current.CancellationToken);
        for (var run = 0; run < 3; run++)
        {
            await ReadNameAsync();
        }

        await using (var migration = new NpgsqlConnection(one.ConnectionString))
        {
            await migration.OpenAsync(TestContext.Current.CancellationToken);
            await using var alter = new NpgsqlCommand("ALTER TABLE organizations ALTER COLUMN name TYPE varchar(250)", migration);
            await alter.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Assert.False(string.IsNullOrEmpty(await ReadNameAsync()));
        Assert.Equal(1, retries.Total);
        Assert.False(string.IsNullOrEmpty(await ReadNameAsync()));
        Assert.Equal(1, retries.Total);
    }

    [Fact]
    public async Task Run_WhenTheDatabaseKeepsAborting_GivesUpAfterTheLastAttempt()
    {
        using var giveUps = new MetricRecorder(_core.Services, "omnirapeutic.transaction.give_ups");
        var attempts = 0;

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => _core.Get<SerializableUnitOfWork>().RunAsync<string>(
            _organizationId, (_, _) => { attempts++; throw Wrapped(PostgresErrorCodes.SerializationFailure); }, TestContext.Current.CancellationToken));

        Assert.Equal(SerializableUnitOfWork.MaxContentionAttempts, attempts);
        Assert.False(error.OutcomeUnknown);
        Assert.Equal(1, giveUps.Total);
        var logged = Assert.Single(_core.Get<FakeLogCollector>().GetSnapshot(), r => r.Category == typeof(SerializableUnitOfWork).FullName);
        Assert.Equal(LogLevel.Warning, logged.Level);
    }

    [Fact]
    public async Task Run_WhenThePoolHasNoConnectionFree_GivesUpAtOnceWithoutRetrying()
    {
        await using var small = await CoreServices.StartAsync(postgres, c => (c.MaxPoolSize, c.Timeout) = (1, 1));
        using var retries = new MetricRecorder(small.Services, "omnirapeutic.transaction.retries");
        using var giveUps = new MetricRecorder(small.Services, "omnirapeutic.transaction.give_ups");
        await using var holder = new NpgsqlConnection(small.Get<WriteConnection>().ConnectionString);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        var ran = false;

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => small.Get<SerializableUnitOfWork>().RunAsync(
            Guid.NewGuid(), (_, _) => { ran = true; return Task.FromResult(0); }, TestContext.Current.CancellationToken));

        Assert.False(ran);
        Assert.False(error.OutcomeUnknown);
        Assert.Contains("No database connection came free", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), (retries.Total, giveUps.Total));
    }

    [Fact]
    public async Task Run_WhenTheDomainRefuses_DoesNotRetry()
    {
        using var retries = new MetricRecorder(_core.Services, "omnirapeutic.transaction.retries");
        var attempts = 0;

        await Assert.ThrowsAsync<DomainException>(() => _core.Get<SerializableUnitOfWork>().RunAsync<string>(
            _organizationId, (_, _) => { attempts++; throw DomainException.Conflict("insufficient-units", "No units."); }, TestContext.Current.CancellationToken));

        Assert.Equal(1, attempts);
        Assert.Equal(0, retries.Total);
    }

    [Fact]
    public async Task Run_WhenAnotherConstraintFails_DoesNotRetry()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<PostgresException>(() => _core.Get<SerializableUnitOfWork>().RunAsync<string>(
            _organizationId, (_, _) => { attempts++; throw new PostgresException("boom", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable); }, TestContext.Current.CancellationToken));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Run_WithTwoRealConflictingTransactions_RetriesTheLoserUntilBothCommit()
    {
        await CreateCounterAsync();
        using var retries = new MetricRecorder(_core.Services, "omnirapeutic.transaction.retries");
        var bothHaveRead = new Barrier(2);
        var unitOfWork = _core.Get<SerializableUnitOfWork>();
        var attempts = 0;

        // Two organizations (so two lanes) both read the row, wait for each other, then write it: SSI must abort one,
        // and the retry must succeed.
        var otherOrganizationId = (await _core.AddClinicAsync()).Actor.OrganizationId;
        async Task<int> Increment(Guid organizationId) => await unitOfWork.RunAsync(organizationId, async (db, ct) =>
        {
            var first = Interlocked.Increment(ref attempts) <= 2;
            var n = await db.Database.SqlQueryRaw<int>("SELECT n AS \"Value\" FROM counter").SingleAsync(ct);
            if (first)
            {
                await Task.Run(() => bothHaveRead.SignalAndWait(TimeSpan.FromSeconds(10)), ct);
            }

            await db.Database.ExecuteSqlRawAsync("UPDATE counter SET n = {0}", [n + 1], ct);
            return n + 1;
        }, TestContext.Current.CancellationToken);

        var results = await Task.WhenAll(Task.Run(() => Increment(_organizationId)), Task.Run(() => Increment(otherOrganizationId)));

        Assert.Equal([1, 2], results.Order());
        Assert.True(retries.Total >= 1);
        // A retried serialization failure is routine: EF Core's failed-command events must not reach the log as errors.
        Assert.DoesNotContain(_core.Get<FakeLogCollector>().GetSnapshot(), r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Run_ForOneOrganization_WaitsForItsLaneBeforeItsSnapshot_SoNeitherAborts()
    {
        await CreateCounterAsync();
        using var retries = new MetricRecorder(_core.Services, "omnirapeutic.transaction.retries");
        var unitOfWork = _core.Get<SerializableUnitOfWork>();
        var firstHasRead = new TaskCompletionSource();
        var firstMayWrite = new TaskCompletionSource();

        var first = Task.Run(() => unitOfWork.RunAsync(_organizationId, async (db, ct) =>
        {
            var n = await db.Database.SqlQueryRaw<int>("SELECT n AS \"Value\" FROM counter").SingleAsync(ct);
            firstHasRead.SetResult();
            await firstMayWrite.Task.WaitAsync(ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE counter SET n = {0}", [n + 1], ct);
            return n + 1;
        }, TestContext.Current.CancellationToken));
        await firstHasRead.Task;
        var second = Task.Run(() => unitOfWork.RunAsync(_organizationId, async (db, ct) =>
        {
            var n = await db.Database.SqlQueryRaw<int>("SELECT n AS \"Value\" FROM counter").SingleAsync(ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE counter SET n = {0}", [n + 1], ct);
            return n + 1;
        }, TestContext.Current.CancellationToken));
        await LaneHold.WaitForWaitersAsync(_core.ConnectionString, _organizationId, 1, TestContext.Current.CancellationToken);
        firstMayWrite.SetResult();

        Assert.Equal((1, 2), (await first, await second));
        Assert.Equal(0, retries.Total);
    }

    [Fact]
    public async Task Run_WhenTheLaneStaysHeldPastTheLockTimeout_GivesUpWith503WithoutRetrying()
    {
        using var retries = new MetricRecorder(_core.Services, "omnirapeutic.transaction.retries");
        await using var holder = new NpgsqlConnection(_core.ConnectionString);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SerializableUnitOfWork.LaneKey(_organizationId)})", holder))
        {
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var ran = false;
        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => _core.Get<SerializableUnitOfWork>().RunAsync(
            _organizationId, (_, _) => { ran = true; return Task.FromResult(0); }, TestContext.Current.CancellationToken));

        Assert.False(ran);
        Assert.False(error.OutcomeUnknown);
        Assert.Equal(0, retries.Total);
        var otherOrganizationId = (await _core.AddClinicAsync()).Actor.OrganizationId;
        Assert.Equal(1, await _core.Get<SerializableUnitOfWork>().RunAsync(otherOrganizationId, (_, _) => Task.FromResult(1), TestContext.Current.CancellationToken));
    }

    private async Task CreateCounterAsync()
    {
        await using var setup = new NpgsqlConnection(_core.ConnectionString);
        await setup.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand("CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0);", setup);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static InvalidOperationException Wrapped(string sqlState) =>
        new("An exception has been raised that is likely due to a transient failure.", new DbUpdateException("save failed", new PostgresException("could not serialize access", "ERROR", "ERROR", sqlState)));
}
