using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

/// <summary>One change the database rejects for a reason no rule foresaw must not take its batch down with it.</summary>
public sealed class UnitLedgerBatchTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;
    private Actor _actor = null!;
    private Guid _patientId;

    private UnitLedger Ledger => _core.Get<UnitLedger>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres);
        (_actor, _patientId) = await _core.AddClinicAsync();
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Batch_WithAChangeTheDatabaseRejects_AppliesEveryOtherChange()
    {
        var gate = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        var doomed = await _core.AddAuthorizationAsync(_actor, _patientId, 50);
        var others = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _core.AddAuthorizationAsync(_actor, _patientId, 50)));
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await ExecuteAsync(connection, $"""
            CREATE FUNCTION refuse_in_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER refuse_in_test BEFORE INSERT ON unit_ledger_entries FOR EACH ROW
                WHEN (NEW.authorization_id = '{doomed.Id}') EXECUTE FUNCTION refuse_in_test();
            """);
        using var isolated = new MetricRecorder(_core.Services, "omnirapeutic.ledger.batch.isolated");

        // Hold the lane: the first batch waits on a row lock, so every change after it queues for one batch.
        await using var holder = await connection.BeginTransactionAsync(Ct);
        await ExecuteAsync(connection, $"SELECT 1 FROM authorizations WHERE id = '{gate.Id}' FOR UPDATE");
        var first = Ledger.ReserveAsync(_actor, gate.Id, 1, cancellationToken: Ct);
        await WaitUntilABackendWaitsForALockAsync();
        var doomedReserve = Ledger.ReserveAsync(_actor, doomed.Id, 1, null, "doomed-key", Ct);
        var reserves = others.Select((a, i) => Ledger.ReserveAsync(_actor, a.Id, 2, null, i % 2 == 0 ? $"key-{i}" : null, Ct)).ToList();
        await holder.RollbackAsync(Ct);

        await first;
        var balances = await Task.WhenAll(reserves);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => doomedReserve);

        Assert.IsNotType<DomainException>(failure);
        Assert.All(balances, b => Assert.Equal(2, b.ScheduledUnits));
        Assert.Equal(1, isolated.Total);
        Assert.Equal(0, (await _core.Get<AuthorizationDirectory>().GetAsync(_actor.OrganizationId, doomed.Id, Ct)).ScheduledUnits);
        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(_actor.OrganizationId, Ct));
    }

    private async Task WaitUntilABackendWaitsForALockAsync()
    {
        await using var watcher = new NpgsqlConnection(_core.ConnectionString);
        await watcher.OpenAsync(Ct);
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while ((long)(await waiting.ExecuteScalarAsync(timeout.Token))! == 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
