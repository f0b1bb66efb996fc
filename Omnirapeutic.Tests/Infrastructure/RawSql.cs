using Npgsql;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>SQL run around the domain, as its own transaction, to see what the database itself refuses.</summary>
internal static class RawSql
{
    /// <summary>The refusal the statement met, or null when the database took it.</summary>
    public static async Task<PostgresException?> RefusalAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            return null;
        }
        catch (PostgresException refusal)
        {
            return refusal;
        }
    }
}
