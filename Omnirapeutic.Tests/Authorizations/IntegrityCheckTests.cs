using Npgsql;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Authorizations;

public sealed class IntegrityCheckTests(PostgresServer postgres) : IAsyncLifetime
{
    private CoreServices _core = null!;

    public async ValueTask InitializeAsync() => _core = await CoreServices.StartAsync(postgres);

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task FindViolations_WhenCountersMatchTheLedger_FindsNone()
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var authorization = await _core.AddAuthorizationAsync(actor, patientId, 50);
        await _core.Get<UnitLedger>().ReserveAsync(actor, authorization.Id, 9, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(await _core.Get<IntegrityCheck>().FindViolationsAsync(null, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("scheduled_units = scheduled_units + 1", "scheduled 1 differs from the ledger's 0")]
    [InlineData("used_units = 2, scheduled_units = 0", "used 2 differs from the ledger's 0")]
    [InlineData("total_units = 49", "total 49 differs from the ledger's 50")]
    public async Task FindViolations_WhenACounterWasChangedPastTheLedger_ReportsIt(string assignment, string problem)
    {
        var (actor, patientId) = await _core.AddClinicAsync();
        var (otherActor, otherPatientId) = await _core.AddClinicAsync();
        var broken = await _core.AddAuthorizationAsync(actor, patientId, 50);
        await _core.AddAuthorizationAsync(otherActor, otherPatientId, 50);
        await ExecuteAsync($"UPDATE authorizations SET {assignment} WHERE id = '{broken.Id}'");

        var all = await _core.Get<IntegrityCheck>().FindViolationsAsync(null, TestContext.Current.CancellationToken);
        var theirs = await _core.Get<IntegrityCheck>().FindViolationsAsync(otherActor.OrganizationId, TestContext.Current.CancellationToken);

        var violation = Assert.Single(all);
        Assert.Equal(broken.Id, violation.AuthorizationId);
        Assert.Contains(problem, violation.Problems);
        Assert.Empty(theirs);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
