using Dapper;
using Microsoft.Data.Sqlite;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Agent;

/// <summary>
/// Results a remote agent has not yet delivered, on disk and in the order they were made: they outlive a restart of
/// the agent and an absent server. Each batch taken names its first and last place, and this buffer's own id, so a
/// batch sent again after a failed answer carries the same id and the server stores it once.
/// </summary>
public sealed class AgentBuffer : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _ready = new(1, 1);
    private string? _id;

    public AgentBuffer(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
    }

    public void Dispose() => _ready.Dispose();

    public async Task AddAsync(ProbeResult result, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT OR IGNORE INTO outgoing (id, json) VALUES (@id, @json)", new { id = result.Id, json = Json.Serialize(result) }, cancellationToken: cancellationToken));
    }

    /// <summary>The oldest waiting results, at most <paramref name="max"/>, with the batch id that names exactly them.</summary>
    public async Task<(string BatchId, long Last, IReadOnlyList<ProbeResult> Results)?> TakeAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Seq, string Json)>(new CommandDefinition(
            "SELECT seq, json FROM outgoing ORDER BY seq LIMIT @max", new { max }, cancellationToken: cancellationToken))).ToList();
        return rows.Count == 0
            ? null
            : ($"{_id}:{rows[0].Seq}-{rows[^1].Seq}", rows[^1].Seq, rows.Select(row => Json.Deserialize<ProbeResult>(row.Json)!).ToList());
    }

    /// <summary>Forgets what the server has stored: everything up to <paramref name="last"/>.</summary>
    public async Task RemoveAsync(long last, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM outgoing WHERE seq <= @last", new { last }, cancellationToken: cancellationToken));
    }

    /// <summary>This buffer's own id, kept in its file: the agent process's instance id, the same across its restarts.</summary>
    public async Task<string> InstanceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return _id!;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM outgoing", cancellationToken: cancellationToken));
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (_id is null)
        {
            await _ready.WaitAsync(cancellationToken);
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    PRAGMA journal_mode = WAL;
                    CREATE TABLE IF NOT EXISTS outgoing (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    INSERT OR IGNORE INTO meta (key, value) VALUES ('buffer', lower(hex(randomblob(8))));
                    """, cancellationToken: cancellationToken));
                _id ??= await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT value FROM meta WHERE key = 'buffer'", cancellationToken: cancellationToken));
            }
            finally
            {
                _ready.Release();
            }
        }

        return connection;
    }
}
