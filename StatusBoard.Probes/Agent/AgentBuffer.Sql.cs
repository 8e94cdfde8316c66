using Microsoft.Data.Sqlite;

namespace StatusBoard.Probes.Agent;

/// <summary>
/// The buffer's few statements on plain ADO.NET: the agent is compiled natively (Native AOT), where Dapper's run-time
/// code generation is not available; each keeps its cancellation token.
/// </summary>
public sealed partial class AgentBuffer
{
    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, null, []);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of <c>seq, json</c> (or of <c>json</c> alone, with <c>Seq</c> 0), in the order the query gives.</summary>
    private static async Task<List<(long Seq, string Json)>> RowsAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(reader.FieldCount == 1 ? (0, reader.GetString(0)) : (reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    private static Task<int> InsertAsync(SqliteConnection connection, string table, string id, string json, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, $"INSERT OR IGNORE INTO {table} (id, json) VALUES (@id, @json)", transaction, cancellationToken, ("@id", id), ("@json", json));
}
