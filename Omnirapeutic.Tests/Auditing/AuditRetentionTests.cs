using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Auditing;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Core.Identity;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Auditing;

/// <summary>
/// Audit events are append-only in the database: the app's own role can neither change nor delete them, whatever SQL it
/// runs; only the purge role deletes, and the purge command deletes only what is past retention.
/// </summary>
public sealed class AuditRetentionTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2033, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private CoreServices _core = null!;
    private Actor _admin = null!;
    private string _purgeConnection = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreServices.StartAsync(postgres, time: _clock);
        (_admin, _) = await _core.AddClinicAsync();
        _purgeConnection = postgres.ConnectionStringFor(new NpgsqlConnectionStringBuilder(_core.ConnectionString).Database!, AuditRetention.PurgeRole);
    }

    public async ValueTask DisposeAsync() => await _core.DisposeAsync();

    [Theory]
    [InlineData("UPDATE audit_events SET action = 'nothing.happened'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    public async Task ChangingOrDeletingEvents_AsTheAppsRole_IsRefusedByTheDatabase(string sql)
    {
        await AddAsync(_clock.GetUtcNow());

        var refusal = await RawSql.RefusalAsync(_core.ConnectionString, sql);

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refusal?.SqlState);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task TheAppsRole_IsNoSuperuser_AndOwnsItsDatabase()
    {
        await using var connection = new NpgsqlConnection(_core.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT current_user, r.rolsuper, r.rolcreaterole, r.rolcreatedb, pg_get_userbyid(d.datdba) FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()",
            connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);

        Assert.Equal((PostgresServer.AppRole, false, false, false, PostgresServer.AppRole), (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetString(4)));
    }

    [Fact]
    public async Task ThePurgeRole_MayDeleteButNeverChange()
    {
        await AddAsync(_clock.GetUtcNow());

        var change = await RawSql.RefusalAsync(_purgeConnection, "UPDATE audit_events SET action = 'nothing.happened'");
        var delete = await RawSql.RefusalAsync(_purgeConnection, "DELETE FROM audit_events");

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, change?.SqlState);
        Assert.Null(delete);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Purge_DeletesOnlyEventsOlderThanTheRetention()
    {
        await AddAsync(_clock.GetUtcNow().AddYears(-6).AddDays(-1));
        await AddAsync(_clock.GetUtcNow().AddYears(-6).AddDays(1));
        await AddAsync(_clock.GetUtcNow().AddDays(-1));

        var result = await _core.Get<AuditRetention>().PurgeAsync(_purgeConnection, Ct);

        Assert.Equal((1, 6, _clock.GetUtcNow().AddYears(-6)), (result.Purged, result.RetentionYears, result.Cutoff));
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task Purge_ConnectedAsTheAppsRole_IsRefusedByTheDatabase()
    {
        await AddAsync(_clock.GetUtcNow().AddYears(-10));

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => _core.Get<AuditRetention>().PurgeAsync(_core.ConnectionString, Ct));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refusal.SqlState);
        Assert.Equal(1, await CountAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Purge_WithARetentionOutOfRange_IsRefusedAndDeletesNothing(int years)
    {
        await AddAsync(_clock.GetUtcNow().AddYears(-200));
        var retention = new AuditRetention(Options.Create(new AuditRetentionOptions { RetentionYears = years }), _clock);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => retention.PurgeAsync(_purgeConnection, Ct));

        Assert.Equal("invalid-retention", refusal.Code);
        Assert.Equal(1, await CountAsync());
    }

    private async Task AddAsync(DateTimeOffset at)
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateDbContextAsync(Ct);
        db.AuditEvents.Add(new AuditEvent(AuditEventKind.Access, _admin.OrganizationId, _admin.UserId, "patient.view", "patient", Guid.NewGuid().ToString(), null, at));
        await db.SaveChangesAsync(Ct);
    }

    private async Task<int> CountAsync()
    {
        await using var db = await _core.Get<IDbContextFactory<OmnirapeuticDbContext>>().CreateForOrganizationAsync(_admin.OrganizationId, Ct);
        return await db.AuditEvents.CountAsync(Ct);
    }
}
