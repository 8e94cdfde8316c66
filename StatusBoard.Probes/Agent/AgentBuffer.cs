using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Agent;

/// <summary>
/// Results a remote agent has not yet delivered, on disk and in the order they were made: they outlive a restart of
/// the agent and an absent server. Each batch taken names its first and last place, and this buffer's own id, so a
/// batch sent again after a failed answer carries the same id and the server stores it once.
/// Bounded: past <see cref="MaxResults"/> kept one by one, the oldest tenth are summed per probe and minute
/// (<see cref="ResultSummary"/>) — counts, latencies and categories kept for the uptime figures, the single runs let go —
/// and those summaries are delivered first.
/// A buffer file that is not a database, or fails SQLite's quick check, is moved aside at start (kept for inspection,
/// named in the log and in <see cref="State"/>) and a new one is begun. When the disk is full (or the file reaches
/// <see cref="MaxBytes"/>), the newest results wait in memory, at most <see cref="MaxInMemory"/>, are delivered from
/// there, and go to the file again once it takes them; <see cref="State"/> says so, and the agent's heartbeat tells the server.
/// </summary>
public sealed partial class AgentBuffer : IDisposable
{
    private const int SqliteFull = 13;
    private const int SqliteIoError = 10;

    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _ready = new(1, 1);
    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private string? _id;
    private long _count;
    private long _summed;
    private string? _movedAside;
    private long _pageSize;
    private int _compacting;
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AgentBuffer(string path, int maxResults = 100_000, long maxBytes = 0, int maxInMemory = 10_000, ILogger<AgentBuffer>? logger = null, TimeProvider? time = null)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = true }.ToString();
        MaxResults = Math.Max(10, maxResults);
        MaxBytes = Math.Max(0, maxBytes);
        MaxInMemory = Math.Max(1, maxInMemory);
        _logger = logger ?? NullLogger<AgentBuffer>.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Largest the buffer file may grow (0: as large as the disk allows).</summary>
    public long MaxBytes { get; }

    /// <summary>Most results kept in memory while the file takes none; past it the oldest of them are let go.</summary>
    public int MaxInMemory { get; }

    /// <summary>What an operator needs to know about this buffer now: what waits where, and what went wrong with its disk.</summary>
    public BufferState State
    {
        get
        {
            lock (_memoryGate)
            {
                return new BufferState(Interlocked.Read(ref _count), Summed, _memory.Count, _droppedFromMemory, _fullSince, _movedAside);
            }
        }
    }

    /// <summary>Most results kept one by one before the oldest are summed.</summary>
    public int MaxResults { get; }

    /// <summary>Results summed so far (since this process started).</summary>
    public long Summed => Interlocked.Read(ref _summed);

    public void Dispose()
    {
        _ready.Dispose();
        _exclusive.Dispose();
    }

    public async Task AddAsync(ProbeResult result, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        int added;
        try
        {
            added = await InsertAsync(connection, "outgoing", result.Id, Json.Serialize(result), null, cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is SqliteFull or SqliteIoError)
        {
            KeepInMemory(result, exception);
            Arrived();
            return;
        }

        Arrived();

        bool waitingInMemory;
        lock (_memoryGate)
        {
            waitingInMemory = _fullSince is not null;
        }

        if (waitingInMemory)
        {
            await BackToDiskAsync(connection, cancellationToken);
        }

        // Summed beside the probe's run, never in its way: a delivery in flight may hold the buffer for a while.
        if (Interlocked.Add(ref _count, added) > MaxResults && Interlocked.Exchange(ref _compacting, 1) == 0)
        {
            Compacting = Task.Run(async () =>
            {
                try
                {
                    await CompactAsync(CancellationToken.None);
                }
                finally
                {
                    Volatile.Write(ref _compacting, 0);
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Completes when the next result is added after this call (or at once, when one was added since the task last
    /// handed out completed): what a deliverer with nothing to send waits on.
    /// </summary>
    public Task NextArrival()
    {
        lock (_memoryGate)
        {
            if (_arrival.Task.IsCompleted)
            {
                _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _arrival.Task;
        }
    }

    private void Arrived() => Volatile.Read(ref _arrival).TrySetResult();

    /// <summary>The last summing started (done when nothing is being summed).</summary>
    public Task Compacting { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Sends the oldest waiting batch (summaries before results) through <paramref name="send"/> and forgets it once
    /// that returns; a failure keeps it for the next try, under the same batch id. Nothing is summed meanwhile, so a
    /// batch in flight is never also summed. False when nothing waits.
    /// </summary>
    public async Task<bool> SendOldestAsync(int max, Func<AgentBatch, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        await _exclusive.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            var summaries = await RowsAsync(connection, "SELECT seq, json FROM summaries ORDER BY seq LIMIT @max", null, cancellationToken, ("@max", max));
            if (summaries.Count > 0)
            {
                await send(new AgentBatch($"{_id}:s{summaries[0].Seq}-{summaries[^1].Seq}", [], summaries.Select(row => Json.Deserialize<ResultSummary>(row.Json)!).ToList()), cancellationToken);
                await ExecuteAsync(connection, "DELETE FROM summaries WHERE seq <= @last", null, cancellationToken, ("@last", summaries[^1].Seq));
                return true;
            }

            var rows = await RowsAsync(connection, "SELECT seq, json FROM outgoing ORDER BY seq LIMIT @max", null, cancellationToken, ("@max", max));
            if (rows.Count == 0)
            {
                return await SendFromMemoryAsync(max, send, cancellationToken);
            }

            await send(new AgentBatch($"{_id}:{rows[0].Seq}-{rows[^1].Seq}", rows.Select(row => Json.Deserialize<ProbeResult>(row.Json)!).ToList(), []), cancellationToken);
            var removed = await ExecuteAsync(connection, "DELETE FROM outgoing WHERE seq <= @last", null, cancellationToken, ("@last", rows[^1].Seq));
            Interlocked.Add(ref _count, -removed);
            return true;
        }
        finally
        {
            _exclusive.Release();
        }
    }

    /// <summary>This buffer's own id, kept in its file: the agent process's instance id, the same across its restarts.</summary>
    public async Task<string> InstanceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return _id!;
    }

    /// <summary>Results waiting one by one.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM outgoing", cancellationToken);
    }

    /// <summary>Summaries waiting, and how many results they hold.</summary>
    public async Task<(long Summaries, long Results)> SummariesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await RowsAsync(connection, "SELECT json FROM summaries", null, cancellationToken);
        var summaries = rows.Select(row => Json.Deserialize<ResultSummary>(row.Json)!).ToList();
        return (summaries.Count, summaries.Sum(s => s.Total));
    }

    /// <summary>Sums the oldest tenth of the waiting results per probe, region and minute, in one transaction.</summary>
    private async Task CompactAsync(CancellationToken cancellationToken)
    {
        await _exclusive.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var oldest = await RowsAsync(connection, "SELECT seq, json FROM outgoing ORDER BY seq LIMIT @chunk", transaction, cancellationToken, ("@chunk", Math.Max(1, MaxResults / 10)));
            if (oldest.Count == 0)
            {
                return;
            }

            var results = oldest.Select(row => (row.Seq, Result: Json.Deserialize<ProbeResult>(row.Json)!)).ToList();
            // A probe's own errors are no evidence about the platform: summaries (rollups) never count them.
            foreach (var group in results.Where(r => r.Result.Outcome != Outcome.Error).GroupBy(r => (r.Result.Probe, r.Result.Region, Minute: Rollup.BucketOf(r.Result.StartedAt, RollupGrain.Minute))).OrderBy(g => g.Min(r => r.Seq)))
            {
                var summary = ResultSummary.Of($"{_id}:{group.Min(r => r.Seq)}-{group.Max(r => r.Seq)}", group.Select(r => r.Result).ToList());
                await InsertAsync(connection, "summaries", summary.Id, Json.Serialize(summary), transaction, cancellationToken);
            }

            var removed = await ExecuteAsync(connection, "DELETE FROM outgoing WHERE seq <= @last", transaction, cancellationToken, ("@last", oldest[^1].Seq));
            await transaction.CommitAsync(cancellationToken);
            Interlocked.Add(ref _count, -removed);
            Interlocked.Add(ref _summed, removed);
        }
        finally
        {
            _exclusive.Release();
        }
    }
}

/// <summary>
/// A buffer as its agent reports it: results waiting on disk, summed, waiting in memory (the disk full since
/// <paramref name="DiskFullSince"/>) and let go from memory; where a damaged buffer file was moved aside at start.
/// </summary>
public sealed record BufferState(long Waiting, long Summed, int InMemory, long DroppedFromMemory, DateTimeOffset? DiskFullSince, string? MovedAside);

/// <summary>One delivery: results or, first, summaries of older ones, under an id that names exactly them.</summary>
public sealed record AgentBatch(string BatchId, IReadOnlyList<ProbeResult> Results, IReadOnlyList<ResultSummary> Summaries);
