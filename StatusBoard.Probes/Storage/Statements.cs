using System.Data;
using System.Data.Common;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// One statement run for many rows of values, its parameters typed as their columns. Where the provider can batch
/// (PostgreSQL) every row goes in one round trip; SQLite, in process, runs a statement prepared once, row by row.
/// </summary>
internal static class Statements
{
    /// <summary>Runs one statement for each row of values; returns the rows each changed.</summary>
    public static async Task<int[]> RunAllAsync(DbConnection connection, DbTransaction transaction, string sql, (string Name, DbType Type)[] parameters, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var affected = new int[rows.Count];
        if (connection.CanCreateBatch)
        {
            await using var batch = Batch(connection, transaction, sql, parameters, rows);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }

            return affected;
        }

        await using var command = Prepare(connection, transaction, sql, parameters);
        for (var i = 0; i < rows.Count; i++)
        {
            Bind(command, rows[i]);
            affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return affected;
    }

    /// <summary>Runs one query for each row of values; returns the first row each found, or null.</summary>
    public static async Task<T?[]> ReadAllAsync<T>(DbConnection connection, DbTransaction transaction, string sql, (string Name, DbType Type)[] parameters, IReadOnlyList<object?[]> rows, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        var found = new T?[rows.Count];
        if (connection.CanCreateBatch)
        {
            await using var batch = Batch(connection, transaction, sql, parameters, rows);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; i < rows.Count; i++, await reader.NextResultAsync(cancellationToken))
            {
                found[i] = await reader.ReadAsync(cancellationToken) ? read(reader) : null;
            }

            return found;
        }

        await using var command = Prepare(connection, transaction, sql, parameters);
        for (var i = 0; i < rows.Count; i++)
        {
            Bind(command, rows[i]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            found[i] = await reader.ReadAsync(cancellationToken) ? read(reader) : null;
        }

        return found;
    }

    private static DbBatch Batch(DbConnection connection, DbTransaction transaction, string sql, (string Name, DbType Type)[] parameters, IReadOnlyList<object?[]> rows)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var values in rows)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = parameters[i].Name;
                parameter.DbType = parameters[i].Type;
                parameter.Value = values[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    /// <summary>
    /// A statement with its parameters typed as their columns, whatever a value or a null says: PostgreSQL prepares it
    /// once per connection, with the types of its first use, and a null there would fix a type a later value does not have.
    /// </summary>
    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
