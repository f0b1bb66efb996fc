using Npgsql;
using Omnirapeutic.Core.Data;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>
/// Holds an organization's lane from outside the app, as another node's running batch would: the app's next
/// transaction for it waits at the lane, and every change that arrives meanwhile queues for one batch.
/// </summary>
internal sealed class LaneHold : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private bool _held = true;

    private LaneHold(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    public static async Task<LaneHold> TakeAsync(string connectionString, Guid organizationId, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var key = SerializableUnitOfWork.LaneKey(organizationId);
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", connection);
        await take.ExecuteNonQueryAsync(cancellationToken);
        return new LaneHold(connection, key);
    }

    /// <summary>Returns once <paramref name="count"/> sessions wait for this lane: the state is the database's own, not a guess of time.</summary>
    public Task WaitForWaitersAsync(int count, CancellationToken cancellationToken) => WaitForWaitersAsync(_connection, _key, count, cancellationToken);

    /// <summary>Returns once <paramref name="count"/> sessions wait for the organization's lane, whoever holds it.</summary>
    public static async Task WaitForWaitersAsync(string connectionString, Guid organizationId, int count, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await WaitForWaitersAsync(connection, SerializableUnitOfWork.LaneKey(organizationId), count, cancellationToken);
    }

    private static async Task WaitForWaitersAsync(NpgsqlConnection connection, long key, int count, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = $1", connection);
        query.Parameters.AddWithValue(key);
        while (Convert.ToInt32(await query.ExecuteScalarAsync(cancellationToken)) < count)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public async Task ReleaseAsync()
    {
        if (_held)
        {
            _held = false;
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({_key})", _connection);
            await release.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}
