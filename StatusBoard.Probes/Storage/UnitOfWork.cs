using System.Data.Common;
using Dapper;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// One transaction that several stores write in: begun once, handed to each store's write, committed once — the
/// configuration import writes probes, components, pauses, maintenance and channels this way, all or nothing.
/// Disposed without <see cref="CommitAsync"/>, nothing of it is kept. It carries the operation's cancellation token.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private UnitOfWork(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        _connection = connection;
        _transaction = transaction;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public static async Task<UnitOfWork> BeginAsync(Database database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return new UnitOfWork(connection, await connection.BeginTransactionAsync(cancellationToken), cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync() => _transaction.CommitAsync(CancellationToken);

    /// <summary>
    /// Runs one statement of a store: in <paramref name="work"/> when one is given, otherwise on a connection of its own
    /// (the statement is then its own transaction).
    /// </summary>
    public static async Task<int> ExecuteAsync(Database database, UnitOfWork? work, string sql, object? parameters, CancellationToken cancellationToken)
    {
        if (work is not null)
        {
            return await work._connection.ExecuteAsync(new CommandDefinition(sql, parameters, work._transaction, cancellationToken: work.CancellationToken));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
