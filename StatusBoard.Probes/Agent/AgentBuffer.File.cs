using Microsoft.Data.Sqlite;

namespace StatusBoard.Probes.Agent;

/// <summary>The buffer's file: opened, checked and created, and what happens when it cannot be.</summary>
public sealed partial class AgentBuffer
{
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_id is null)
        {
            await _ready.WaitAsync(cancellationToken);
            try
            {
                if (_id is null)
                {
                    await PrepareAsync(cancellationToken);
                }
            }
            finally
            {
                _ready.Release();
            }
        }

        return await ConnectAsync(cancellationToken);
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Raw results, as on the server (SqliteDatabase.OpenForResultsAsync): in WAL mode a commit survives the agent
        // being killed; flushing each to the disk as well (FULL) was an fsync per result, an eighth of the agent's CPU.
        await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL", null, cancellationToken);
        if (MaxBytes > 0)
        {
            // The page size is the file's and never changes: read once, not on every result.
            if (Volatile.Read(ref _pageSize) == 0)
            {
                Volatile.Write(ref _pageSize, await ScalarAsync<long>(connection, "PRAGMA page_size", cancellationToken));
            }

            await ExecuteAsync(connection, $"PRAGMA max_page_count = {Math.Max(16, MaxBytes / _pageSize)}", null, cancellationToken);
        }

        return connection;
    }

    /// <summary>Opens the file the first time: checked, moved aside when it is not a sound database, its tables made.</summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CreateAsync(cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is 11 or 26 || exception.Message.Contains("quick check", StringComparison.Ordinal))
        {
            SqliteConnection.ClearAllPools();
            var aside = $"{_path}.corrupt-{_time.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}";
            File.Move(_path, aside, overwrite: true);
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(_path + suffix))
                {
                    File.Move(_path + suffix, aside + suffix, overwrite: true);
                }
            }

            _movedAside = aside;
            _logger.LogError("The agent's buffer {Path} is damaged ({Problem}): moved aside to {Aside} for inspection; a new buffer is begun and probing goes on. " +
                "Results waiting in the damaged one were not delivered.", _path, exception.Message, aside);
            await CreateAsync(cancellationToken);
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var check = await ScalarAsync<string>(connection, "PRAGMA quick_check", cancellationToken);
        if (check != "ok")
        {
            throw new SqliteException($"the buffer failed SQLite's quick check: {check}", 11);
        }

        await ExecuteAsync(connection,
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS outgoing (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS summaries (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT OR IGNORE INTO meta (key, value) VALUES ('buffer', lower(hex(randomblob(8))));
            """, null, cancellationToken);
        Interlocked.Exchange(ref _count, await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM outgoing", cancellationToken));
        _id = await ScalarAsync<string>(connection, "SELECT value FROM meta WHERE key = 'buffer'", cancellationToken);
    }
}
